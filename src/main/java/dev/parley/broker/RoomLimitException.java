package dev.parley.broker;

/** A room would have to be made, and the broker already holds as many as it may. */
public final class RoomLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public RoomLimitException(int maxRooms) {
        super("the server already holds its maximum of " + maxRooms + " rooms; join one that has members");
    }
}
