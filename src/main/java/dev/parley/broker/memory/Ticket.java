package dev.parley.broker.memory;

import dev.parley.broker.Publication;

/**
 * What a publish did: its publication, and the pending message whose commit it waits for (its own, or a resend's
 * original still pending), or null when there is nothing to wait for.
 */
record Ticket(Publication publication, PendingMessage waitFor) {
}
