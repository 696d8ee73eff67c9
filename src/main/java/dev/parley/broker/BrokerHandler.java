package dev.parley.broker;

/** Receives the events of the rooms this node subscribed to, each room's in order, each event once. */
@FunctionalInterface
public interface BrokerHandler {

    void handle(RoomEvent event);
}
