package dev.parley.archive;

/** Tells how the deployment's archive is doing; {@link #OFF} when there is none. Cheap: for every health check. */
@FunctionalInterface
public interface ArchiveState {

    ArchiveState OFF = () -> ArchiveStatus.OFF;

    ArchiveStatus status();
}
