package io.sluice.pipeline.parse;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventParserTest {

    final EventParser parser = new EventParser();

    @Test
    void aMessageThatIsOneJsonObjectBecomesCompactFields() {
        assertThat(parser.fieldsJson("  {\"a\": 1, \"b\": {\"c\": [true, null]}}\n")).isEqualTo("{\"a\":1,\"b\":{\"c\":[true,null]}}");
    }

    @Test
    void plainTextArraysScalarsAndBrokenJsonHaveNoFields() {
        assertThat(parser.fieldsJson("GET /health 200")).isNull();
        assertThat(parser.fieldsJson("[1,2]")).isNull();
        assertThat(parser.fieldsJson("42")).isNull();
        assertThat(parser.fieldsJson("{\"a\": ")).isNull();
        assertThat(parser.fieldsJson("{not json}")).isNull();
        assertThat(parser.fieldsJson("")).isNull();
        assertThat(parser.fieldsJson(null)).isNull();
    }

    @Test
    void textAfterTheObjectMeansTheLineIsNotJson() {
        assertThat(parser.fieldsJson("{\"a\":1} {\"b\":2}")).isNull();
        assertThat(parser.fieldsJson("{\"a\":1} trailing }")).isNull();
    }

    @Test
    void attributesAreKeptAsAnObjectAndAnythingElseIsWrappedNotLost() {
        assertThat(parser.attributesJson("{\"region\": \"eu\"}")).isEqualTo("{\"region\":\"eu\"}");
        assertThat(parser.attributesJson("")).isNull();
        assertThat(parser.attributesJson(null)).isNull();
        assertThat(parser.attributesJson("[1]")).isEqualTo("{\"_raw\":\"[1]\"}");
        assertThat(parser.attributesJson("a \"quoted\" {")).isEqualTo("{\"_raw\":\"a \\\"quoted\\\" {\"}");
    }
}
