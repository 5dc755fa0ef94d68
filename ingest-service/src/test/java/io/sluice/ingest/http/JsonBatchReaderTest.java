package io.sluice.ingest.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.ingest.validate.EventLimits;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.ingest.validate.Rejection;
import io.sluice.ingest.validate.ValidatedBatch;
import java.nio.CharBuffer;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class JsonBatchReaderTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final JsonBatchReader reader = new JsonBatchReader(JSON, new EventValidator(
            // The fixed timestamps below are from 1970 and 2025: a window wide enough for them.
            new EventLimits(1024, 128, 256, 16384, Duration.ofDays(365 * 100), Duration.ofMinutes(10)), JSON, Clock.systemUTC()), 3);

    @Test
    void readsAnArrayOfEventsInOrder() {
        ValidatedBatch batch = read("[" + event("a") + "," + event("b") + "]", false);

        assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("a", "b");
        assertThat(batch.rejected()).isEmpty();
    }

    @Test
    void readsASequenceOfObjectsAsNdjsonEvenWhenAnObjectSpansLines() {
        ValidatedBatch batch = read(event("a") + "\n" + "{\n \"timestamp\": 1,\n \"service\": \"s\",\n \"message\": \"b\"\n}\n", false);

        assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("a", "b");
    }

    @Test
    void treatsEachValueAsAnEventWhenTheContentTypeSaysNdjson() {
        ValidatedBatch batch = read("[" + event("a") + "]\n" + event("b"), true);

        assertThat(batch.accepted()).extracting(LogEvent::getMessage).containsExactly("b");
        assertThat(batch.rejected()).extracting(Rejection::reason).singleElement().asString()
                .startsWith("event 0: expected a JSON object").endsWith("got an array");
    }

    @Test
    void acceptsEpochMillisecondsAsNumberOrDigitStringAndRfc3339WithOffset() {
        ValidatedBatch batch = read("""
                [{"timestamp":1764000000123,"service":"s","message":"n"},
                 {"timestamp":"1764000000123","service":"s","message":"d"},
                 {"timestamp":"2025-11-24T17:00:00.123+01:00","service":"s","message":"r"}]
                """, false);

        assertThat(batch.accepted()).extracting(LogEvent::getTimestampUnixNanos)
                .containsExactly(1_764_000_000_123_000_000L, 1_764_000_000_123_000_000L, 1_764_000_000_123_000_000L);
    }

    @Test
    void answers400ForADecimalBeyondBigDecimalLimitsFoundByFuzzing() {
        assertThatThrownBy(() -> read("[{\"service\":\"s\",\"message\":\"m\",\"attributes\":{\"x\":1e999999999999}}]", false))
                .isInstanceOfSatisfying(RequestProblem.class, problem -> {
                    assertThat(problem.status().value()).isEqualTo(400);
                    assertThat(problem.getMessage()).startsWith("malformed JSON: a number is out of range");
                });
    }

    @Test
    void rejectsATimestampThatOverflowsNanoseconds() {
        ValidatedBatch batch = read("[{\"timestamp\":9223372036854775,\"service\":\"s\",\"message\":\"m\"}]", false);

        assertThat(batch.rejected()).extracting(Rejection::reason).containsExactly("event 0: timestamp is out of range");
    }

    @Test
    void keepsAttributeNumbersDigitForDigit() {
        String attributes = "{\"pi\":3.14159265358979323846264,\"price\":100.10,\"big\":123456789012345678901234567890,\"small\":1e-400}";

        ValidatedBatch batch = read("[{\"timestamp\":1,\"service\":\"s\",\"message\":\"m\",\"attributes\":" + attributes + "}]", false);

        assertThat(batch.accepted()).singleElement().extracting(LogEvent::getAttributesJson)
                .isEqualTo("{\"pi\":3.14159265358979323846264,\"price\":100.10,\"big\":123456789012345678901234567890,\"small\":1E-400}");
    }

    @Test
    void treatsNullFieldsAsAbsent() {
        ValidatedBatch batch = read("[{\"timestamp\":1,\"service\":\"s\",\"message\":\"m\",\"host\":null,\"level\":null,\"attributes\":null}]", false);

        assertThat(batch.accepted()).singleElement().satisfies(event -> {
            assertThat(event.getHost()).isEqualTo("unknown");
            assertThat(event.getLevel()).isEqualTo("INFO");
            assertThat(event.getAttributesJson()).isEmpty();
        });
    }

    @Test
    void rejectsAMissingMessageButAcceptsAnEmptyOne() {
        ValidatedBatch batch = read("[{\"timestamp\":1,\"service\":\"s\"},{\"timestamp\":1,\"service\":\"s\",\"message\":\"\"}]", false);

        assertThat(batch.rejected()).extracting(Rejection::reason)
                .containsExactly("event 0: message is required (an empty string is allowed)");
        assertThat(batch.accepted()).hasSize(1);
    }

    @Test
    void stopsReadingOnceTheBatchHasMoreEventsThanAllowed() {
        String tooMany = "[" + event("1") + "," + event("2") + "," + event("3") + "," + event("4") + ",";

        assertThatThrownBy(() -> read(tooMany, false)).isInstanceOf(RequestProblem.class)
                .hasMessage("the batch has more than 3 events; at most 3 are accepted per request");
    }

    @Test
    void reportsContentAfterTheArrayAsMalformed() {
        assertThatThrownBy(() -> read("[" + event("a") + "] x", false)).isInstanceOf(RequestProblem.class)
                .hasMessageStartingWith("malformed JSON at line 1, column ");
        assertThatThrownBy(() -> read("[" + event("a") + "]\n{}", false)).isInstanceOf(RequestProblem.class)
                .hasMessage("malformed JSON at line 2, column 1: unexpected content after the closing ']' of the event array");
    }

    @Test
    void readsAnEmptyBodyAsAnEmptyBatch() {
        assertThat(read("  \n ", false).size()).isZero();
        assertThat(read("[]", false).size()).isZero();
    }

    private ValidatedBatch read(String body, boolean ndjson) {
        return reader.read(CharBuffer.wrap(body.toCharArray()), ndjson);
    }

    private static String event(String message) {
        return "{\"timestamp\":1,\"service\":\"s\",\"message\":\"" + message + "\"}";
    }
}
