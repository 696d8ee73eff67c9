package dev.parley.protocol;

/**
 * How a connection must sign in, announced in {@link ServerFrame.Welcome}: with a JSON Web Token in an {@code auth}
 * frame.
 *
 * @param tokenUrl where the page gets its token (the host application's), or null when not configured
 */
public record SignIn(String tokenUrl) {
}
