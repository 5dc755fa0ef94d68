package io.sluice.common.query.logql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinePipelineTest {

    private static final Map<String, String> API = Map.of("service", "api", "host", "web-1", "level", "ERROR");

    private static LinePipeline.Result run(String query, String line) {
        return run(query, line, Map.of());
    }

    private static LinePipeline.Result run(String query, String line, Map<String, String> stored) {
        return LinePipeline.compile(LogQl.parseLogQuery(query)).apply(API, line, stored);
    }

    @Test
    void selectorAndLineFiltersSelectLines() {
        assertThat(run("{service=\"api\"} |= \"timeout\"", "db timeout")).isNotNull();
        assertThat(run("{service=\"web\"} |= \"timeout\"", "db timeout")).isNull();
        assertThat(run("{host=~\"web-\\\\d\"} != \"retry\"", "db timeout")).isNotNull();
        assertThat(run("{host!~\"web.*\"}", "x")).isNull();
        assertThat(run("{pod=\"\"}", "x")).as("a missing label is empty").isNotNull();
        assertThat(run("{} |~ \"time(out)?\" !~ \"^db\"", "db timeout")).isNull();
        assertThat(run("{} |= \"a\" or \"timeout\"", "db timeout")).isNotNull();
        assertThat(run("{} != \"a\" or \"timeout\"", "db timeout")).isNull();
        LinePipeline.Result r = run("{} |= \"db\"", "db timeout");
        assertThat(r.labels()).isSameAs(API);
        assertThat(r.line()).isEqualTo("db timeout");
    }

    @Test
    void jsonFlattensNestedKeysAndSkipsArrays() {
        LinePipeline.Result r = run("{} | json",
                "{\"msg\":\"slow\",\"latency_ms\":812,\"ok\":false,\"req\":{\"method\":\"GET\",\"headers\":{\"x-id\":\"7\"}},"
                        + "\"tags\":[1,2],\"service\":\"inner\",\"n\":null,\"esc\":\"a\\\"b\\u0041\"}");
        assertThat(r.labels()).containsEntry("msg", "slow").containsEntry("latency_ms", "812")
                .containsEntry("ok", "false").containsEntry("req_method", "GET").containsEntry("req_headers_x_id", "7")
                .containsEntry("service", "api").containsEntry("service_extracted", "inner")
                .containsEntry("esc", "a\"bA").doesNotContainKeys("tags", "n", "__error__");
    }

    @Test
    void jsonWithPathsExtractsOnlyThose() {
        LinePipeline.Result r = run("{} | json status=\"resp.status\", first=\"items[0].id\", missing=\"nope.x\"",
                "{\"resp\":{\"status\":503},\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"other\":1}");
        assertThat(r.labels()).containsEntry("status", "503").containsEntry("first", "a")
                .doesNotContainKeys("other", "missing", "resp_status");
    }

    @Test
    void badJsonKeepsTheLineWithAnErrorLabel() {
        LinePipeline.Result r = run("{} | json", "not json");
        assertThat(r.labels()).containsEntry("__error__", "JSONParserErr").containsKey("__error_details__");
        assertThat(run("{} | json | __error__=\"\"", "not json")).isNull();
        assertThat(run("{} | json | __error__=\"\"", "{\"a\":1}")).isNotNull();
    }

    @Test
    void logfmtExtractsQuotedAndBareValues() {
        LinePipeline.Result r = run("{} | logfmt", "level=warn msg=\"disk almost full\" used=91.5 flag 2x=y");
        assertThat(r.labels()).containsEntry("level_extracted", "warn").containsEntry("msg", "disk almost full")
                .containsEntry("used", "91.5").containsEntry("flag", "").containsEntry("_2x", "y");
    }

    @Test
    void patternCapturesBetweenLiterals() {
        LinePipeline.Result r = run("{} | pattern \"<ip> - <_> [<ts>] \\\"<method> <path> <_>\\\" <status> <size>\"",
                "10.0.0.1 - frank [10/Oct/2000:13:55:36] \"GET /a.gif HTTP/1.0\" 200 2326");
        assertThat(r.labels()).containsEntry("ip", "10.0.0.1").containsEntry("ts", "10/Oct/2000:13:55:36")
                .containsEntry("method", "GET").containsEntry("path", "/a.gif").containsEntry("status", "200")
                .containsEntry("size", "2326").doesNotContainKey("_");
        assertThat(run("{} | pattern \"GET <path> \"", "POST /x ").labels()).doesNotContainKey("path");
    }

    @Test
    void regexpExtractsGoStyleNamedGroups() {
        LinePipeline.Result r = run("{} | regexp \"(?P<method>[A-Z]+) (?P<path>/\\\\S*)( (?P<opt>x))?\"", "got GET /cart ok");
        assertThat(r.labels()).containsEntry("method", "GET").containsEntry("path", "/cart").doesNotContainKey("opt");
    }

    @Test
    void labelFiltersCompareNumbersDurationsBytesAndStrings() {
        String line = "latency_ms=812 took=1.5s size=2KiB status=503 route=/cart";
        assertThat(run("{} | logfmt | latency_ms > 500", line)).isNotNull();
        assertThat(run("{} | logfmt | latency_ms <= 500", line)).isNull();
        assertThat(run("{} | logfmt | took > 1s and took < 2s", line)).isNotNull();
        assertThat(run("{} | logfmt | took >= 1500ms, took == 1.5s", line)).isNotNull();
        assertThat(run("{} | logfmt | size > 2KB", line)).as("2KiB = 2048 > 2000").isNotNull();
        assertThat(run("{} | logfmt | size > 1MB", line)).isNull();
        assertThat(run("{} | logfmt | status = 503", line)).isNotNull();
        assertThat(run("{} | logfmt | status != \"503\" or route =~ \"/c.*\"", line)).isNotNull();
        assertThat(run("{} | logfmt | (status != \"503\" or route !~ \"/c.*\") and latency_ms > 1", line)).isNull();
        assertThat(run("{} | logfmt | absent > 1", line)).as("missing label").isNull();
        LinePipeline.Result bad = run("{} | logfmt | route > 1", line);
        assertThat(bad.labels()).containsEntry("__error__", "LabelFilterErr");
    }

    @Test
    void storedFieldsServeFiltersAndTemplatesButAreNotLabels() {
        Map<String, String> stored = Map.of("latency_ms", "900", "user", "bob");
        LinePipeline.Result r = run("{} | latency_ms > 500 | line_format \"{{.user}} took {{.latency_ms}}\"", "x", stored);
        assertThat(r.line()).isEqualTo("bob took 900");
        assertThat(r.labels()).doesNotContainKeys("latency_ms", "user");
        assertThat(run("{} | latency_ms > 1000", "x", stored)).isNull();
    }

    @Test
    void lineFormatRendersLabelsFunctionsAndTheLine() {
        LinePipeline.Result r = run("{} | logfmt | line_format \"{{.service}}: {{ .msg | upper }} {{ lower .level }}"
                + " {{.none}}[{{__line__}}]   {{- .service -}}   !\"", "msg=\"hi there\"");
        assertThat(r.line()).isEqualTo("api: HI THERE error [msg=\"hi there\"]api!");
        assertThat(run("{} | line_format \"{{.service}}\" |= \"api\"", "zzz")).isNotNull();
    }

    @Test
    void labelFormatDropAndKeepShapeTheLabels() {
        LinePipeline.Result r = run("{} | logfmt | label_format svc=service, id=\"{{.host}}/{{.a}}\" | drop level",
                "a=1 b=2");
        assertThat(r.labels()).containsEntry("svc", "api").containsEntry("id", "web-1/1").containsEntry("b", "2")
                .doesNotContainKeys("service", "level");
        assertThat(run("{} | logfmt | keep a, host", "a=1 b=2").labels()).containsOnlyKeys("a", "host");
    }

    @Test
    void hostileRegexAndLongLinesFinishQuickly() {
        String hostileLine = "a".repeat(50_000) + "!";
        long start = System.nanoTime();
        assertThat(run("{} |~ \"(a+)+$\"", hostileLine)).isNull();
        assertThat(run("{} |~ \"(a|aa)*b\"", hostileLine)).isNull();
        assertThat(run("{} | regexp \"(?P<x>(a*)*c)\"", hostileLine).labels()).doesNotContainKey("x");
        assertThat(run("{} | logfmt | x =~ \"(a+)+$\"", "x=" + "a".repeat(10_000) + "!")).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void deeplyNestedJsonIsAnErrorNotACrash() {
        String deep = "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
        assertThat(run("{} | json", deep).labels()).containsEntry("__error__", "JSONParserErr");
    }
}
