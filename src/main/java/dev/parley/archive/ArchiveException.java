package dev.parley.archive;

/** The archive could not do what was asked (unreachable, too slow, refused): nothing may be taken as stored. */
public final class ArchiveException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
