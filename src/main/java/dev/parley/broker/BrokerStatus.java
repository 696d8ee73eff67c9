package dev.parley.broker;

/**
 * How a broker is doing, for {@code /health}.
 *
 * @param type   {@code memory} or {@code redis}
 * @param up     whether it can take work now
 * @param detail a sentence for an operator: where it is, or what is wrong (no secrets)
 */
public record BrokerStatus(String type, boolean up, String detail) {
}
