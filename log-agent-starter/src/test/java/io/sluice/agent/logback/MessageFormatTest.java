package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.helpers.MessageFormatter;

class MessageFormatTest {

    private static String format(String pattern, Object... arguments) {
        StringBuilder out = new StringBuilder();
        MessageFormat.formatTo(out, pattern, arguments);
        return out.toString();
    }

    private static void sameAsSlf4j(String pattern, Object... arguments) {
        assertThat(format(pattern, arguments)).as(pattern)
                .isEqualTo(MessageFormatter.arrayFormat(pattern, arguments).getMessage());
    }

    @Test
    void givesTheSameTextAsSlf4jForPlaceholdersEscapesAndMissingOrExtraArguments() {
        sameAsSlf4j("user {} checked out order {}", "ana", 42);
        sameAsSlf4j("no placeholders", "unused");
        sameAsSlf4j("{}{}{}", 1, 2L, true);
        sameAsSlf4j("more {} placeholders {} than {} arguments", "a", "b");
        sameAsSlf4j("escaped \\{} then {}", "x");
        sameAsSlf4j("double escaped \\\\{} and {}", "y", "z");
        sameAsSlf4j("trailing {", 1);
        sameAsSlf4j("{} null {}", null, 'c');
        sameAsSlf4j("numbers {} {} {} {} {}", (short) 3, (byte) 4, 1.5d, 2.5f, new BigDecimal("1.10"));
        sameAsSlf4j("time {} {} {} {}", Instant.ofEpochSecond(1_700_000_000L), LocalDate.of(2026, 11, 25),
                Duration.ofMillis(1500), TimeUnit.SECONDS);
        sameAsSlf4j("id {}", UUID.fromString("123e4567-e89b-12d3-a456-426614174000"));
        sameAsSlf4j("unicode {} ✓", "zoë");
    }

    @Test
    void treatsOnlyTypesWhoseTextCannotChangeAsImmutable() {
        assertThat(ImmutableArguments.all(null)).isTrue();
        assertThat(ImmutableArguments.all(new Object[] {"s", 1, 2L, 3.0, true, 'c', TimeUnit.DAYS, UUID.randomUUID(),
                Instant.now(), LocalDate.now(), Duration.ZERO, BigDecimal.ONE, String.class, null})).isTrue();
        assertThat(ImmutableArguments.all(new Object[] {"s", new StringBuilder("mutable")})).isFalse();
        assertThat(ImmutableArguments.all(new Object[] {new java.util.ArrayList<>()})).isFalse();
        assertThat(ImmutableArguments.all(new Object[] {new int[] {1}})).isFalse();
        assertThat(ImmutableArguments.all(new Object[] {new java.util.Date()})).isFalse();
    }
}
