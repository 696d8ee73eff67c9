package dev.parley.client;

/** What a room needs of its client: frames sent, and the client's room list kept. On the client's thread. */
interface RoomLink {
    /** Sends a frame now if connected (else it is dropped: the rejoin sends what matters again). */
    void send(String frame);

    /** Sends a {@code history} request of {@code room}'s, whose error the client routes back to it. */
    void sendHistory(Room room, String frame);

    void rejoin(Room room);

    void leave(Room room);
}
