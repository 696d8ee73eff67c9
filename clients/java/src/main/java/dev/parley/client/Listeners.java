package dev.parley.client;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/** The listeners of a client or a room: added from any thread, called on the client's; one that throws is logged. */
final class Listeners<E> {

    private static final Logger LOG = Logger.getLogger(Listeners.class.getName());

    private final List<Consumer<? super E>> list = new CopyOnWriteArrayList<>();
    private final String owner;

    Listeners(String owner) {
        this.owner = owner;
    }

    void add(Consumer<? super E> listener) {
        list.add(listener);
    }

    void remove(Consumer<? super E> listener) {
        list.remove(listener);
    }

    void emit(E event) {
        for (Consumer<? super E> listener : list) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, e, () -> "a listener of " + owner + " failed on " + event);
            }
        }
    }
}
