package io.sluice.pipeline.parse;

import static io.sluice.pipeline.parse.Events.event;
import static io.sluice.pipeline.parse.Events.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MultilineJoinerTest {

    static MultilineJoiner joiner(String match, String start) {
        return MultilineJoiner.compile(List.of(new MultilineRule("t", match, start, null)), 500, 64 * 1024);
    }

    @Test
    void aJavaStackTraceBecomesOneEventKeepingTheFirstLinesIdTimeAndLevel() {
        List<PipelineEvent> in = lines("api", "pod-1",
                "2024-03-10 11:59:58,001 ERROR [main] request failed",
                "java.lang.IllegalStateException: boom",
                "\tat com.example.Service.run(Service.java:42)",
                "\tat java.base/java.lang.Thread.run(Thread.java:833)",
                "Caused by: java.io.IOException: disk full",
                "\tat com.example.Disk.write(Disk.java:7)",
                "\t... 5 more",
                "2024-03-10 11:59:59,000 INFO [main] next request");
        in.get(0).level("ERROR");
        String firstId = in.get(0).id();
        List<PipelineEvent> out = joiner("{service=\"api\"}", "^\\d{4}-\\d{2}-\\d{2}").join(in);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).id()).isEqualTo(firstId);
        assertThat(out.get(0).level()).isEqualTo("ERROR");
        assertThat(out.get(0).message()).isEqualTo(String.join("\n", "2024-03-10 11:59:58,001 ERROR [main] request failed",
                "java.lang.IllegalStateException: boom", "\tat com.example.Service.run(Service.java:42)",
                "\tat java.base/java.lang.Thread.run(Thread.java:833)", "Caused by: java.io.IOException: disk full",
                "\tat com.example.Disk.write(Disk.java:7)", "\t... 5 more"));
        assertThat(out.get(1).message()).isEqualTo("2024-03-10 11:59:59,000 INFO [main] next request");
    }

    @Test
    void continuationLinesJoinEvenWhenTheStartPatternIsAnyNonIndentedLine() {
        List<PipelineEvent> in = lines("api", "pod-1", "Exception in thread \"main\" java.lang.RuntimeException: x",
                "\tat A.b(A.java:1)", "Caused by: java.lang.Error: y", "\t... 1 more", "next event");
        List<PipelineEvent> out = joiner("{}", "^[^\\s]").join(in);
        assertThat(out).extracting(PipelineEvent::message).containsExactly(
                "Exception in thread \"main\" java.lang.RuntimeException: x\n\tat A.b(A.java:1)\nCaused by: java.lang.Error: y\n\t... 1 more",
                "next event");
    }

    @Test
    void aPythonTracebackJoinsUnderADateStartPattern() {
        List<PipelineEvent> in = lines("worker", "h", "2024-03-10 11:59:58 ERROR job failed", "Traceback (most recent call last):",
                "  File \"job.py\", line 3, in <module>", "    run()", "ValueError: bad input", "2024-03-10 11:59:59 INFO retry");
        List<PipelineEvent> out = joiner("{service=\"worker\"}", "^\\d{4}-\\d{2}-\\d{2}").join(in);
        assertThat(out).extracting(PipelineEvent::message).containsExactly(
                "2024-03-10 11:59:58 ERROR job failed\nTraceback (most recent call last):\n  File \"job.py\", line 3, in <module>\n"
                        + "    run()\nValueError: bad input",
                "2024-03-10 11:59:59 INFO retry");
    }

    @Test
    void streamsAreJoinedSeparatelyAndUnmatchedSourcesAreLeftAlone() {
        List<PipelineEvent> in = new ArrayList<>();
        in.add(event("api", "a", "INFO", "start a"));
        in.add(event("api", "b", "INFO", "start b"));
        in.add(event("api", "a", "INFO", "\tat a"));
        in.add(event("api", "b", "INFO", "\tat b"));
        in.add(event("web", "a", "INFO", "\tat web"));
        List<PipelineEvent> out = joiner("{service=\"api\"}", "^[^\\s]").join(in);
        assertThat(out).extracting(PipelineEvent::message).containsExactly("start a\n\tat a", "start b\n\tat b", "\tat web");
    }

    @Test
    void aContinuationWithNothingBeforeItInTheEntryStaysItsOwnEvent() {
        List<PipelineEvent> in = lines("api", "a", "\tat orphan", "start", "\tat x");
        assertThat(joiner("{}", "^[^\\s]").join(in)).extracting(PipelineEvent::message).containsExactly("\tat orphan", "start\n\tat x");
    }

    @Test
    void joinedEventsAreBoundedInLinesAndBytesAndNothingIsLost() {
        MultilineJoiner byLines = MultilineJoiner.compile(List.of(new MultilineRule("t", "{}", "^[^\\s]", null)), 3, 1 << 20);
        assertThat(byLines.join(lines("s", "h", "start", " 1", " 2", " 3", " 4", " 5"))).extracting(PipelineEvent::message)
                .containsExactly("start\n 1\n 2", " 3\n 4\n 5");
        MultilineJoiner byBytes = MultilineJoiner.compile(List.of(new MultilineRule("t", "{}", "^[^\\s]", null)), 100, 12);
        assertThat(byBytes.join(lines("s", "h", "start", " é1", " 22", " 333"))).extracting(PipelineEvent::message)
                .containsExactly("start\n é1", " 22\n 333");
    }

    @Test
    void noRulesMeansTheSameListComesBack() {
        List<PipelineEvent> in = lines("s", "h", "a", " b");
        assertThat(MultilineJoiner.compile(List.of(), 10, 100).join(in)).isSameAs(in);
    }

    @Test
    void badRulesAreRejectedByName() {
        assertThatThrownBy(() -> MultilineJoiner.compile(List.of(new MultilineRule("java", "{}", "(", null)), 1, 1))
                .hasMessageContaining("multiline rule 'java': bad regular expression");
        assertThatThrownBy(() -> MultilineJoiner.compile(List.of(new MultilineRule("java", "{}", " ", null)), 1, 1))
                .hasMessageContaining("needs a start pattern");
        assertThatThrownBy(() -> MultilineJoiner.compile(List.of(new MultilineRule("java", "{x=\"1\"}", "^a", null)), 1, 1))
                .hasMessageContaining("multiline rule 'java': stream selector");
    }
}
