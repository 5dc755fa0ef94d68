package io.sluice.ingest.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class EventValidatorTest {

    private final EventValidator validator = new EventValidator(16, JsonMapper.builder().build());

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
    void rejectsAnEventWithoutTimestampOrWithOneBeforeTheEpoch() {
        assertThat(reason(7, valid().clearTimestampUnixNanos())).isEqualTo("event 7: timestamp is required");
        assertThat(reason(0, valid().setTimestampUnixNanos(-1))).isEqualTo("event 0: timestamp must be after 1970-01-01T00:00:00Z");
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
    void measuresTheMessageLimitInUtf8Bytes() {
        assertThat(validator.check(0, valid().setMessage("x".repeat(16)).build())).isInstanceOf(EventCheck.Valid.class);
        assertThat(reason(0, valid().setMessage("é".repeat(9)))).isEqualTo("event 0: message is 18 bytes long; at most 16 bytes are accepted");
        assertThat(reason(0, valid().setMessage("😀".repeat(5)))).isEqualTo("event 0: message is 20 bytes long; at most 16 bytes are accepted");
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
    void countsUtf8BytesOfEveryKindOfCharacter() {
        assertThat(EventValidator.utf8Length("aé€😀")).isEqualTo(1 + 2 + 3 + 4);
    }

    private static LogEvent.Builder valid() {
        return LogEvent.newBuilder().setTimestampUnixNanos(1).setService("svc").setMessage("m");
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
