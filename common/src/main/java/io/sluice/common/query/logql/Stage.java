package io.sluice.common.query.logql;

import io.sluice.common.query.LineFilter.FilterOp;
import java.util.List;

/**
 * One stage of a log pipeline, as parsed (validated; compiled by {@link LinePipeline}).
 */
public sealed interface Stage {

    /**
     * A line filter: {@code |= "a"}, {@code != "a"}, {@code |~ "re"}, {@code !~ "re"}. Several
     * values chained with {@code or} ({@code |= "a" or "b"}) pass a line when any matches for the
     * positive operators, and when none matches for the negative ones.
     *
     * @param op the operator
     * @param values one or more substrings or RE2 regular expressions (unanchored)
     */
    record LineFilter(FilterOp op, List<String> values) implements Stage {
        public LineFilter {
            values = List.copyOf(values);
        }
    }

    /**
     * {@code | json}: every scalar of a JSON line becomes a label, nested keys joined with {@code _};
     * or, with expressions ({@code | json a="x.y", b="items[0]"}), only the named paths.
     *
     * @param extractions label name to path; empty for all fields
     */
    record Json(List<Extraction> extractions) implements Stage {
        public Json {
            extractions = List.copyOf(extractions);
        }
    }

    /** One {@code label="path"} expression of {@code | json}. */
    record Extraction(String label, String path) {
    }

    /** {@code | logfmt}: every {@code key=value} pair of the line becomes a label. */
    record Logfmt() implements Stage {
    }

    /**
     * {@code | pattern "<ip> - <_> <status>"}: captures between literal parts; {@code <_>} skips.
     *
     * @param pattern the pattern text
     */
    record Pattern(String pattern) implements Stage {
    }

    /**
     * {@code | regexp "(?P<status>\\d{3})"}: the named groups of the first match become labels.
     *
     * @param regex an RE2 regular expression with at least one named group
     */
    record Regexp(String regex) implements Stage {
    }

    /**
     * A label filter such as {@code | latency_ms > 500 and level="ERROR"}.
     *
     * @param predicate the condition on the labels
     */
    record LabelFilter(LabelPredicate predicate) implements Stage {
    }

    /**
     * {@code | line_format "{{.service}} {{.msg | upper}}"}: replaces the line.
     *
     * @param template the template text
     */
    record LineFormat(String template) implements Stage {
    }

    /**
     * {@code | label_format dst=src, other="{{.a}}-{{.b}}"}.
     *
     * @param items the assignments, evaluated against the labels before this stage
     */
    record LabelFormat(List<LabelAssignment> items) implements Stage {
        public LabelFormat {
            items = List.copyOf(items);
        }
    }

    /**
     * One assignment of {@code label_format}.
     *
     * @param label the label written
     * @param source the label renamed into it (removed), or {@code null} for a template
     * @param template the template rendered into it, or {@code null} for a rename
     */
    record LabelAssignment(String label, String source, String template) {
    }

    /**
     * {@code | drop a, b}: removes the labels.
     *
     * @param labels the names
     */
    record Drop(List<String> labels) implements Stage {
        public Drop {
            labels = List.copyOf(labels);
        }
    }

    /**
     * {@code | keep a, b}: removes every other label.
     *
     * @param labels the names
     */
    record Keep(List<String> labels) implements Stage {
        public Keep {
            labels = List.copyOf(labels);
        }
    }
}
