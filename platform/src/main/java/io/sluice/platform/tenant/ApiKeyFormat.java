package io.sluice.platform.tenant;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The shape of Sluice API keys: {@code slk_} followed by 32 random bytes in unpadded base64url
 * (47 characters), stored only as the SHA-256 of the key text. A fast hash is right here: with
 * 256 random bits there is nothing to brute-force, and every request can afford one SHA-256,
 * unlike a password hash.
 */
public final class ApiKeyFormat {

    /** Prefix of every generated key, so keys are recognisable in configuration and in leak scanners. */
    public static final String PREFIX = "slk_";

    /** How many leading characters of a key are kept in clear, to tell keys apart. */
    public static final int DISPLAY_PREFIX_LENGTH = 8;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private ApiKeyFormat() {
    }

    /** A new random key. */
    public static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** SHA-256 of the UTF-8 bytes of {@code key}. */
    public static byte[] hash(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }

    /** {@link #hash} as 64 lower-case hex digits (cache keys and invalidation messages). */
    public static String hashHex(String key) {
        return HEX.formatHex(hash(key));
    }

    /**
     * The part of {@code key} that may be shown: the first {@value #DISPLAY_PREFIX_LENGTH}
     * characters of a key at least 32 characters long (a generated key's {@code slk_} and 4 of its
     * 43 random characters); of a shorter, hand-chosen key at most a quarter, up to 4 characters.
     */
    public static String displayPrefix(String key) {
        if (key.length() >= 32) {
            return key.substring(0, DISPLAY_PREFIX_LENGTH);
        }
        return key.substring(0, Math.min(4, key.length() / 4));
    }
}
