package dev.parley.client;

/** What a room needs of its client: frames sent, and the client's room list kept. On the client's thread. */
interface RoomLink {
    /** Sends a frame now if connected (else it is dropped: the rejoin sends what matters again). */
    void send(String frame);

    /** Sends a request of {@code room}'s ({@code type} {@code history} or {@code search}), whose error the client
     *  routes back to it. */
    void sendRequest(Room room, String frame, String type);

    void rejoin(Room room);

    void leave(Room room);
}
