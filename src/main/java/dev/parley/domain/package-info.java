/** The chat's values: rooms, user names and messages. Plain Java, no Jakarta imports. */
package dev.parley.domain;
