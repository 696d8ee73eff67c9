package dev.parley.archive;

/**
 * How the archive is doing, for {@code /health}.
 *
 * @param type   {@code postgresql}, {@code h2}, {@code jdbc} or {@code off}
 * @param up     whether its last commit or check succeeded
 * @param detail a sentence for an operator: where it is, or what is wrong (no secrets)
 * @param lag    for an archive written behind a cluster's Redis, how far behind it is; null for one written before
 *               anything is acked (a single node), whose outage refuses posts and so makes the node not ready
 */
public record ArchiveStatus(String type, boolean up, String detail, ArchiveLag lag) {

    public ArchiveStatus(String type, boolean up, String detail) {
        this(type, up, detail, null);
    }

    /** Whether the node can take clients as far as the archive goes: it answers, or it is written behind Redis. */
    public boolean allowsReady() {
        return up || lag != null;
    }

    public static final ArchiveStatus OFF = new ArchiveStatus("off", true, "archive off: rooms live in memory only");
}
