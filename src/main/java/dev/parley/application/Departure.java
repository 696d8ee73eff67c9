package dev.parley.application;

/** Why a connection leaves a room, which says what it is told. */
enum Departure {
    /** It sent {@code leave}: it is answered with {@code left}. */
    ASKED,
    /** It is closing: there is nobody to answer. */
    DISCONNECTED,
    /** Its join failed half-way: the join's error frame is the answer. */
    JOIN_FAILED;

    /** Whether the connection gets a {@code left} frame. */
    boolean answered() {
        return this == ASKED;
    }
}
