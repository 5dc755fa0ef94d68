package io.sluice.logstore.write;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** The id of a stream: the first 63 bits of SHA-256 over tenant, service and host, so writers need no lookup. */
public final class StreamIds {

    private StreamIds() {
    }

    /** The stream id of ({@code tenant}, {@code service}, {@code host}). */
    public static long of(String tenant, String service, String host) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] h = sha.digest((tenant + '\u0000' + service + '\u0000' + host).getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = v << 8 | (h[i] & 0xFF);
            }
            return v & Long.MAX_VALUE;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
