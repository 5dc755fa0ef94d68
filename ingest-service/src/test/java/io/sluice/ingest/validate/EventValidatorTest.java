package io.sluice.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventValidatorTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;
    private static final long HOUR_NANOS = 3_600_000_000_000L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final EventValidator validator = new EventValidator(
            new EventLimits(16, 3, 8, 10, Duration.ofDays(7), Duration.ofMinutes(10)), JSON, Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void normalisesLabelsLevelAndHostOfAValidEvent() {
        LogEvent event = valid().setService("  checkout ").setHost("").setLevel("warning").setId("x").setTenant("t")
                .setFieldsJson("{}").build();

        LogEvent normalised = accepted(validator.check(0, event));

        assertThat(normalised.getService()).isEqualTo("checkout");
        assertThat(normalised.getHost()).isEqualTo("unknown");
        assertThat(normalised.getLevel()).isEqualTo("WARN");
        assertThat(normalised.getId()).isEmpty();
        assertThat(normalised.getTenant()).isEmpty();
        assertThat(normalised.getFieldsJson()).isEmpty();
        assertThat(normalised.getMessage()).isEqualTo("m");
    }

    @Test
    void storesAnEventWithoutLevelAsInfoAndAcceptsAnEmptyMessage() {
        LogEvent normalised = accepted(validator.check(0, valid().setLevel(" ").setMessage("").build()));

        assertThat(normalised.getLevel()).isEqualTo("INFO");
        assertThat(normalised.getMessage()).isEmpty();
    }

    @Test
    void storesAnEventWithoutTimestampAtItsReceiveTime() {
        assertThat(accepted(validator.check(7, valid().clearTimestampUnixNanos().build())).getTimestampUnixNanos()).isEqualTo(NOW_NANOS);
    }

    @Test
    void rejectsATimestampBeforeTheEpochOrOutsideTheIngestWindowNamingTheWindow() {
        assertThat(reason(0, valid().setTimestampUnixNanos(-1))).isEqualTo("event 0: timestamp must be after 1970-01-01T00:00:00Z");
        assertThat(reason(1, valid().setTimestampUnixNanos(NOW_NANOS - 7 * 24 * HOUR_NANOS - 1))).isEqualTo(
                "event 1: timestamp 2026-11-18T11:59:59.999999999Z is older than the 7d ingest window (events may be at most 7d old)");
        assertThat(reason(2, valid().setTimestampUnixNanos(NOW_NANOS + 11 * 60 * 1_000_000_000L))).isEqualTo(
                "event 2: timestamp 2026-11-25T12:11:00Z is more than 10m in the future (receive time 2026-11-25T12:00:00Z)");
        assertThat(reason(3, valid().setTimestampUnixNanos(1))).startsWith("event 3: timestamp 1970-01-01T00:00:00.000000001Z is older");
    }

    @Test
    void acceptsEventsOutOfOrderAnywhereWithinTheWindowAndKeepsTheirTimestamps() {
        long[] times = {NOW_NANOS - HOUR_NANOS, NOW_NANOS - 6 * 24 * HOUR_NANOS, NOW_NANOS + 9 * 60 * 1_000_000_000L,
            NOW_NANOS - 7 * 24 * HOUR_NANOS, NOW_NANOS - 2 * HOUR_NANOS};
        for (int i = 0; i < times.length; i++) {
            assertThat(accepted(validator.check(i, valid().setTimestampUnixNanos(times[i]).build())).getTimestampUnixNanos())
                    .isEqualTo(times[i]);
        }
    }

    @Test
    void rejectsABlankOrOverlongService() {
        assertThat(reason(1, valid().setService(" \t"))).isEqualTo("event 1: service is required and must not be blank");
        assertThat(reason(1, valid().setService("s".repeat(129)))).isEqualTo("event 1: service is longer than 128 characters");
        assertThat(validator.check(1, valid().setService("é".repeat(128)).build())).isInstanceOf(EventCheck.Valid.class);
    }

    @Test
    void rejectsAnOverlongHost() {
        assertThat(reason(2, valid().setHost("h".repeat(256)))).isEqualTo("event 2: host is longer than 255 characters");
    }

    @Test
    void rejectsAnUnknownLevelNamingTheAllowedOnes() {
        assertThat(reason(3, valid().setLevel("verbose"))).isEqualTo("event 3: level 'verbose' is not a known level; use one of "
                + "TRACE, DEBUG, INFO, WARN, ERROR, FATAL (common aliases such as WARNING or ERR are accepted too)");
    }

    @Test
    void quotesAtMost64CharactersOfARejectedValue() {
        assertThat(reason(0, valid().setLevel("L".repeat(100)))).contains("'" + "L".repeat(64) + "…'");
    }

    @Test
    void keepsAMessageAtTheLimitUntouched() {
        LogEvent kept = accepted(validator.check(0, valid().setMessage("x".repeat(16)).build()));

        assertThat(kept.getMessage()).isEqualTo("x".repeat(16));
        assertThat(kept.getAttributesJson()).isEmpty();
    }

    @Test
    void truncatesAnOverlongMessageAtACharacterBoundaryAndMarksTheEventWithItsOriginalUtf8Length() {
        LogEvent twoByte = accepted(validator.check(0, valid().setMessage("é".repeat(9)).build()));
        assertThat(twoByte.getMessage()).isEqualTo("é".repeat(8));
        assertThat(twoByte.getAttributesJson()).isEqualTo("{\"sluice.truncated\":true,\"sluice.originalLength\":18}");

        LogEvent fourByte = accepted(validator.check(0, valid().setMessage("ab" + "😀".repeat(5)).build()));
        assertThat(fourByte.getMessage()).isEqualTo("ab" + "😀".repeat(3));
        assertThat(fourByte.getAttributesJson()).isEqualTo("{\"sluice.truncated\":true,\"sluice.originalLength\":22}");

        LogEvent withAttributes = accepted(validator.check(0, valid().setMessage("x".repeat(17))
                .setAttributesJson("{\"price\":1.10,\"k\":\"v\"}").build()));
        assertThat(withAttributes.getMessage()).isEqualTo("x".repeat(16));
        assertThat(withAttributes.getAttributesJson())
                .isEqualTo("{\"price\":1.10,\"k\":\"v\",\"sluice.truncated\":true,\"sluice.originalLength\":17}");
    }

    @Test
    void truncatesOverlongAttributeValuesAtAnyDepthWithoutSplittingACharacter() {
        LogEvent event = accepted(validator.check(0, valid()
                .setAttributesJson("{\"a\":\"0123456789AB\",\"b\":{\"c\":[\"short\",\"123456789😀\"]}}").build()));

        assertThat(event.getMessage()).isEqualTo("m");
        assertThat(event.getAttributesJson())
                .isEqualTo("{\"a\":\"0123456789\",\"b\":{\"c\":[\"short\",\"123456789\"]},\"sluice.truncated\":true}");
    }

    @Test
    void rejectsAnEventWithTooManyAttributesOrAnOverlongAttributeName() {
        assertThat(validator.check(0, valid().setAttributesJson("{\"a\":1,\"b\":{\"x\":1,\"y\":2,\"z\":3},\"c\":3}").build()))
                .isInstanceOf(EventCheck.Valid.class);
        assertThat(reason(4, valid().setAttributesJson("{\"a\":1,\"b\":2,\"c\":3,\"d\":4}")))
                .isEqualTo("event 4: has more than 3 attributes; at most 3 are accepted per event");
        assertThat(reason(5, valid().setAttributesJson("{\"123456789\":1}")))
                .isEqualTo("event 5: attribute name '123456789' is longer than 8 characters");
    }

    @Test
    void acceptsOnlyAJsonObjectAsAttributes() {
        assertThat(validator.check(0, valid().setAttributesJson("{\"a\":{\"b\":[1]}}").build())).isInstanceOf(EventCheck.Valid.class);
        assertThat(reason(0, valid().setAttributesJson("[1]"))).isEqualTo("event 0: attributes must be a JSON object");
        assertThat(reason(0, valid().setAttributesJson("null"))).isEqualTo("event 0: attributes must be a JSON object");
        assertThat(reason(0, valid().setAttributesJson("{} {}")))
                .isEqualTo("event 0: attributes must be a single JSON object, but more follows it");
        assertThat(reason(0, valid().setAttributesJson("{\"a\":")))
                .startsWith("event 0: attributes are not valid JSON: Unexpected end-of-input");
    }

    @Test
    void rejectsAttributesWithADecimalNumberBeyondWhatCanBeKeptDigitForDigit() {
        assertThat(validator.check(0, valid().setAttributesJson("{\"a\":[1.5e300]}").build())).isInstanceOf(EventCheck.Valid.class);
        assertThat(reason(0, valid().setAttributesJson("{\"a\":{\"b\":1e999999999999}}")))
                .startsWith("event 0: attributes hold a number out of range");
    }

    @Test
    void countsUtf8BytesOfEveryKindOfCharacter() {
        assertThat(io.sluice.common.event.Utf8Length.of("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    }

    @Test
    void keepsAnEventThatNeedsNoNormalisationAsTheSameInstanceSoItsReceivedBytesCanBeStored() {
        LogEvent clean = valid().setHost("h").setLevel("INFO").setAttributesJson("{\"a\":1}").build();
        assertThat(accepted(validator.check(0, clean))).isSameAs(clean);

        for (LogEvent needsWork : List.of(clean.toBuilder().setHost("").build(), clean.toBuilder().setLevel("info").build(),
                clean.toBuilder().setService(" svc").build(), clean.toBuilder().clearTimestampUnixNanos().build(),
                clean.toBuilder().setId("x").build(), clean.toBuilder().setMessage("m".repeat(17)).build(),
                clean.toBuilder().setAttributesJson("{\"a\":\"" + "v".repeat(11) + "\"}").build())) {
            assertThat(accepted(validator.check(0, needsWork))).isNotSameAs(needsWork).isNotEqualTo(needsWork);
        }
    }

    @Test
    void aRequestRepeatingAttributesGetsTheSameVerdictForEachEventAsForTheFirst() {
        EventValidator.Batch checks = validator.batch();
        String overlong = "{\"a\":\"" + "v".repeat(11) + "\"}";
        String tooMany = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4}";
        for (int i = 0; i < 3; i++) {
            LogEvent truncated = accepted(checks.check(i, valid().setHost("h").setAttributesJson(overlong).build()));
            assertThat(truncated.getAttributesJson()).isEqualTo("{\"a\":\"vvvvvvvvvv\",\"sluice.truncated\":true}");
            EventCheck rejected = checks.check(10 + i, valid().setAttributesJson(tooMany).build());
            assertThat(((EventCheck.Invalid) rejected).rejection().reason()).isEqualTo(
                    "event " + (10 + i) + ": has more than 3 attributes; at most 3 are accepted per event");
        }
    }

    private static LogEvent.Builder valid() {
        return LogEvent.newBuilder().setTimestampUnixNanos(NOW_NANOS - HOUR_NANOS).setService("svc").setMessage("m");
    }

    private String reason(int index, LogEvent.Builder event) {
        EventCheck check = validator.check(index, event.build());
        assertThat(check).isInstanceOf(EventCheck.Invalid.class);
        Rejection rejection = ((EventCheck.Invalid) check).rejection();
        assertThat(rejection.index()).isEqualTo(index);
        return rejection.reason();
    }

    private static LogEvent accepted(EventCheck check) {
        assertThat(check).isInstanceOf(EventCheck.Valid.class);
        return ((EventCheck.Valid) check).event();
    }
}
