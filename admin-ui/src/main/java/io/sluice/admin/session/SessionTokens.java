package io.sluice.admin.session;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals an API key into the console's session token and opens it again. The console needs the key
 * itself on every request (to check it is still valid, so revoking a key ends its sessions, and
 * to read the tenant's statistics from analytics), so the token carries it, but never in clear:
 * AES-256-GCM with a key derived from the secret both signs (a changed token does not open) and
 * hides it (the cookie is useless without the server's secret). The token also carries its expiry.
 * Pure and thread-safe.
 */
public final class SessionTokens {

    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int MAX_TOKEN_CHARS = 4096;
    private static final byte[] CONTEXT = "sluice-console-session-v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration maxAge;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    /** Tokens sealed with {@code secret} (at least 32 bytes), valid for {@code maxAge}. */
    public SessionTokens(byte[] secret, Duration maxAge, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("the session secret must be at least 32 bytes long");
        }
        this.key = new SecretKeySpec(sha256(secret), "AES");
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** Tokens sealed with a random secret of this process. */
    public static SessionTokens withRandomSecret(Duration maxAge, Clock clock) {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new SessionTokens(secret, maxAge, clock);
    }

    /** How long a token is valid. */
    public Duration maxAge() {
        return maxAge;
    }

    /** A token holding {@code apiKey}, valid for {@link #maxAge()} from now. */
    public String seal(String apiKey) {
        byte[] keyBytes = apiKey.getBytes(StandardCharsets.UTF_8);
        byte[] plain = ByteBuffer.allocate(Long.BYTES + keyBytes.length)
                .putLong(clock.millis() + maxAge.toMillis()).put(keyBytes).array();
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, iv);
            byte[] sealed = cipher.doFinal(plain);
            return ENCODER.encodeToString(ByteBuffer.allocate(IV_BYTES + sealed.length).put(iv).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The API key in {@code token}; empty when it is missing, malformed, altered, sealed with another secret or expired. */
    public Optional<String> open(String token) {
        if (token == null || token.isEmpty() || token.length() > MAX_TOKEN_CHARS) {
            return Optional.empty();
        }
        byte[] raw;
        try {
            raw = DECODER.decode(token);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length < IV_BYTES + TAG_BITS / 8 + Long.BYTES) {
            return Optional.empty();
        }
        byte[] plain;
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(raw, IV_BYTES));
            plain = cipher.doFinal(raw, IV_BYTES, raw.length - IV_BYTES);
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
        ByteBuffer buffer = ByteBuffer.wrap(plain);
        long expiresAt = buffer.getLong();
        if (clock.millis() >= expiresAt) {
            return Optional.empty();
        }
        return Optional.of(new String(plain, Long.BYTES, plain.length - Long.BYTES, StandardCharsets.UTF_8));
    }

    private Cipher cipher(int mode, byte[] iv) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
        cipher.updateAAD(CONTEXT);
        return cipher;
    }

    private static byte[] sha256(byte[] secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
