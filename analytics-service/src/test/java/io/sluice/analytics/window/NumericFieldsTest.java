package io.sluice.analytics.window;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class NumericFieldsTest {

    private final NumericFields fields = new NumericFields(List.of("latency_ms", "status"));

    private long[] extract(LogEvent e) {
        long[] out = new long[2];
        fields.extract(e, out);
        return out;
    }

    @Test
    void readsNumbersFromTheAttributesJsonFirst() {
        LogEvent e = LogEvent.newBuilder().setAttributesJson("{\"path\":\"/a\", \"latency_ms\" : 12.6, \"status\":\"503\"}")
                .setMessage("latency_ms=99").build();
        assertThat(extract(e)).containsExactly(13, 503);
    }

    @Test
    void fallsBackToParsedFieldsThenLogfmtInTheMessage() {
        LogEvent e = LogEvent.newBuilder().setFieldsJson("{\"status\":200}").setMessage("GET /x done latency_ms=42 total_latency_ms=7").build();
        assertThat(extract(e)).containsExactly(42, 200);
    }

    @Test
    void ignoresNamesThatAreOnlyPartOfAnotherNameOrAValue() {
        LogEvent e = LogEvent.newBuilder().setAttributesJson("{\"note\":\"latency_ms\",\"x\":1}").setMessage("max_latency_ms=5 mystatus=3").build();
        assertThat(extract(e)).containsExactly(NumericFields.ABSENT, NumericFields.ABSENT);
    }

    @Test
    void skipsNegativeAndNonNumericValues() {
        LogEvent e = LogEvent.newBuilder().setAttributesJson("{\"latency_ms\":-3,\"status\":\"ok\"}").build();
        assertThat(extract(e)).containsExactly(NumericFields.ABSENT, NumericFields.ABSENT);
        assertThat(NumericFields.number("1.5e3,", 0)).isEqualTo(1500);
        assertThat(NumericFields.number("0", 0)).isZero();
    }
}
