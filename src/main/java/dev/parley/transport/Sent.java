package dev.parley.transport;

/** What a {@link Wire} reports about the send it was given: exactly one call per send. */
public interface Sent {

    /** The client's side took the text: the next send may start. */
    void sent();

    /** The send failed: the connection missed a frame. */
    void failed(Throwable cause);
}
