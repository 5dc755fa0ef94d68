package io.sluice.ingest.compat;

import io.sluice.ingest.intake.Input;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The idempotency key of a request whose client retries whole requests but sends no key of its
 * own (OTLP exporters, Loki and Elasticsearch clients): the input's name and the SHA-256 of the
 * decompressed body, so a resend of the same bytes within the idempotency TTL is stored once.
 */
public final class ContentHash {

    private ContentHash() {
    }

    /** {@code <input tag>:<sha-256 hex of bytes>}. */
    public static String key(Input input, byte[] bytes) {
        try {
            return input.tag() + ":" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
