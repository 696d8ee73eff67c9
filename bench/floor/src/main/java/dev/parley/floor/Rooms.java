package dev.parley.floor;

import java.util.concurrent.ConcurrentHashMap;

/** Every room by name; a room is made by its first join and kept (its seq goes on) while the application runs. */
final class Rooms {

    private final ConcurrentHashMap<String, Room> byName = new ConcurrentHashMap<>();

    Room joinable(String room) {
        return byName.computeIfAbsent(room, name -> new Room());
    }
}
