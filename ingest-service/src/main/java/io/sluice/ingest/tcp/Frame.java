package io.sluice.ingest.tcp;

/**
 * One message cut from a byte stream (a line, an octet-counted syslog frame or a datagram).
 *
 * @param bytes the message bytes, at most the listener's maximum frame length
 * @param truncated whether the sender's message was longer and the rest was discarded
 * @param problem why the frame is unusable (for example, the connection closed inside an
 *     octet-counted frame), or null when it is usable
 */
public record Frame(byte[] bytes, boolean truncated, String problem) {

    /**
     * Marks the end of a connection's input (the peer shut down its sending side): every frame
     * before it has been delivered.
     */
    public static final Frame END_OF_INPUT = new Frame(new byte[0], false, "end of input");

    /** A usable frame. */
    public static Frame of(byte[] bytes, boolean truncated) {
        return new Frame(bytes, truncated, null);
    }
}
