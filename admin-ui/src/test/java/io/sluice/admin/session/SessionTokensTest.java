package io.sluice.admin.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SessionTokensTest {

    private static final byte[] SECRET = "a secret of at least thirty-two bytes!".getBytes(StandardCharsets.UTF_8);
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static final String KEY = "slk_0123456789abcdefghijklmnopqrstuvwxyzABCDEFG";

    @Test
    void aSealedKeyOpensWithTheSameSecretUntilItExpires() {
        SessionTokens tokens = new SessionTokens(SECRET, Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));
        String token = tokens.seal(KEY);

        assertThat(token).doesNotContain(KEY).doesNotContain("slk_");
        assertThat(new SessionTokens(SECRET, Duration.ofHours(1), Clock.fixed(T0.plusSeconds(3599), ZoneOffset.UTC)).open(token)).contains(KEY);
        assertThat(new SessionTokens(SECRET, Duration.ofHours(1), Clock.fixed(T0.plusSeconds(3600), ZoneOffset.UTC)).open(token)).isEmpty();
    }

    @Test
    void anAlteredTokenOrAnotherSecretOpensNothing() {
        SessionTokens tokens = new SessionTokens(SECRET, Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));
        byte[] raw = Base64.getUrlDecoder().decode(tokens.seal(KEY));
        for (int i = 0; i < raw.length; i++) {
            byte[] altered = raw.clone();
            altered[i] ^= 1;
            assertThat(tokens.open(Base64.getUrlEncoder().withoutPadding().encodeToString(altered))).as("byte %d", i).isEmpty();
        }
        SessionTokens other = new SessionTokens("another secret of at least thirty-two bytes".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(1), Clock.fixed(T0, ZoneOffset.UTC));
        assertThat(other.open(tokens.seal(KEY))).isEmpty();
        assertThat(tokens.open(null)).isEmpty();
        assertThat(tokens.open("")).isEmpty();
        assertThat(tokens.open("not base64 !")).isEmpty();
        assertThat(tokens.open("AAAA")).isEmpty();
        assertThat(tokens.open("A".repeat(5000))).isEmpty();
    }

    @Test
    void twoSealsOfOneKeyDiffer() {
        SessionTokens tokens = SessionTokens.withRandomSecret(Duration.ofHours(1), Clock.systemUTC());
        assertThat(tokens.seal(KEY)).isNotEqualTo(tokens.seal(KEY));
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new SessionTokens(new byte[31], Duration.ofHours(1), Clock.systemUTC()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
    }
}
