package dev.parley.archive;

/**
 * How far the archive is behind the live store of a cluster (Redis), which it is written behind.
 *
 * @param messages messages numbered in Redis and not yet in the archive, over every room
 * @param seconds  age of the oldest of them, 0 when there is none
 */
public record ArchiveLag(long messages, double seconds) {

    public static final ArchiveLag NONE = new ArchiveLag(0, 0);
}
