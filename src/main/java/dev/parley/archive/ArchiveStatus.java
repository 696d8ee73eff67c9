package dev.parley.archive;

/**
 * How the archive is doing, for {@code /health}.
 *
 * @param type   {@code postgresql}, {@code h2}, {@code jdbc} or {@code off}
 * @param up     whether its last commit or check succeeded
 * @param detail a sentence for an operator: where it is, or what is wrong (no secrets)
 */
public record ArchiveStatus(String type, boolean up, String detail) {

    public static final ArchiveStatus OFF = new ArchiveStatus("off", true, "archive off: rooms live in memory only");
}
