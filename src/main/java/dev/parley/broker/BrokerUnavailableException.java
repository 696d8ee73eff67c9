package dev.parley.broker;

/** The broker could not answer in time (a remote store is unreachable, frozen or overloaded): nothing was done. */
public final class BrokerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
