package io.sluice.admin.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.event.Timestamps;
import io.sluice.logstore.model.ArchivedEvent;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventJsonTest {

    private static ArchivedEvent stored(long nanos, String attributes, String fields) {
        return new ArchivedEvent("0123456789abcdef0123456789abcdef", "default", nanos, "svc", "h", "INFO", "m", attributes, fields);
    }

    @Test
    void theTimestampIsRfc3339InUtcWithAllNineFractionDigits() {
        long nanos = Timestamps.toNanos(Instant.parse("2026-11-24T10:15:30Z"));

        assertThat(EventJson.of(stored(nanos, null, null)).timestamp()).isEqualTo("2026-11-24T10:15:30.000000000Z");
        assertThat(EventJson.of(stored(nanos + 7, null, null)).timestamp()).isEqualTo("2026-11-24T10:15:30.000000007Z");
        assertThat(EventJson.of(stored(nanos + 7, null, null)).timestampNanos()).isEqualTo(nanos + 7);
    }

    @Test
    void storedJsonBecomesObjectsAndNothingBecomesEmptyObjects() {
        EventJson e = EventJson.of(stored(0, "{\"a\":{\"b\":[1,2]},\"s\":\"x\"}", null));

        assertThat(e.attributes().get("a").get("b").get(1).asInt()).isEqualTo(2);
        assertThat(e.attributes().get("s").asString()).isEqualTo("x");
        assertThat(e.fields().isEmpty()).isTrue();
        assertThat(StoredJson.object("null").isEmpty()).isTrue();
    }

    @Test
    void textThatIsNotAJsonObjectIsKeptRatherThanDropped() {
        assertThat(StoredJson.object("{broken").get("_raw").asString()).isEqualTo("{broken");
        assertThat(StoredJson.object("[1,2]").get("_raw").asString()).isEqualTo("[1,2]");
    }

    @Test
    void pageRowsShowStringsAsTheyAreAndOtherValuesAsJson() {
        EventRow row = EventRow.of(stored(0, "{\"s\":\"a \\\"b\\\"\",\"n\":1.5,\"o\":{\"k\":true},\"z\":null}", "{\"f\":[\"x\"]}"));

        assertThat(row.attributes()).containsExactly(
                new EventRow.Field("s", "a \"b\""), new EventRow.Field("n", "1.5"),
                new EventRow.Field("o", "{\"k\":true}"), new EventRow.Field("z", "null"));
        assertThat(row.fields()).containsExactly(new EventRow.Field("f", "[\"x\"]"));
        assertThat(row.time()).isEqualTo("1970-01-01 00:00:00.000");
        assertThat(row.levelClass()).isEqualTo("lvl-info");
    }
}
