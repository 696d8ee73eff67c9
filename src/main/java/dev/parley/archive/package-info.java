/**
 * The archive: every message of every room kept in a relational database, so that rooms keep their epoch and
 * numbering across restarts and crashes, history pages back to a room's first message, and search finds old ones.
 * {@link dev.parley.archive.Archive} is what the chat asks of it, {@link dev.parley.archive.JdbcArchive} does it over
 * JDBC on PostgreSQL or the embedded H2, and {@link dev.parley.archive.GroupCommit} writes messages in groups, one
 * commit for whatever is pending (on PostgreSQL one statement), so that a busy room pays one commit for many messages.
 */
package dev.parley.archive;
