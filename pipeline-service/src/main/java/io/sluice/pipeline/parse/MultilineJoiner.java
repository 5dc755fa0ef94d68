package io.sluice.pipeline.parse;

import io.sluice.common.event.Utf8Length;
import io.sluice.pipeline.stage.PipelineEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Joins the lines of one logical event that an input delivered as separate events (stack traces
 * over syslog or raw TCP). Within one buffer entry and one (service, host) stream, an event under a
 * {@link MultilineRule} whose message is a continuation line is appended to the previous event of
 * that stream with {@code "\n"} and removed; the joined event keeps the first event's id, time and
 * level. A joined event holds at most {@code maxLines} lines and {@code maxBytes} UTF-8 bytes; the
 * next continuation line then starts a new event, so nothing is lost. A continuation line with no
 * previous event in the entry stays as it is. Immutable; one instance per rule set.
 */
final class MultilineJoiner {

    private final List<Compiled> rules;
    private final int maxLines;
    private final long maxBytes;

    private MultilineJoiner(List<Compiled> rules, int maxLines, long maxBytes) {
        this.rules = rules;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /**
     * Compiles {@code rules}.
     *
     * @throws IllegalArgumentException naming the rule with a bad selector or pattern
     */
    static MultilineJoiner compile(List<MultilineRule> rules, int maxLines, long maxBytes) {
        List<Compiled> compiled = new ArrayList<>();
        for (MultilineRule rule : rules) {
            try {
                if (rule.start() == null || rule.start().isBlank()) {
                    throw new IllegalArgumentException("needs a start pattern");
                }
                compiled.add(new Compiled(StreamSelector.parse(rule.match()), Pattern.compile(rule.start()),
                        rule.continuation().isBlank() ? null : Pattern.compile(rule.continuation())));
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("multiline rule '" + rule.name() + "': bad regular expression: " + e.getMessage(), e);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("multiline rule '" + rule.name() + "': " + e.getMessage(), e);
            }
        }
        return new MultilineJoiner(List.copyOf(compiled), maxLines, maxBytes);
    }

    /** The events with continuation lines joined into their first line's event; {@code events} itself when no rule applies. */
    List<PipelineEvent> join(List<PipelineEvent> events) {
        if (rules.isEmpty() || events.size() < 2) {
            return events;
        }
        List<PipelineEvent> out = new ArrayList<>(events.size());
        Map<String, Open> open = new HashMap<>();
        boolean joined = false;
        for (PipelineEvent e : events) {
            Compiled rule = select(e);
            if (rule == null) {
                out.add(e);
                continue;
            }
            String key = e.service() + '\u0000' + e.host();
            String message = e.message();
            Open previous = open.get(key);
            if (previous != null && rule.continues(message)) {
                int bytes = Utf8Length.of(message) + 1;
                if (previous.lines < maxLines && previous.bytes + bytes <= maxBytes) {
                    previous.append(message, bytes);
                    joined = true;
                    continue;
                }
            }
            out.add(e);
            Open replaced = open.put(key, new Open(e, Utf8Length.of(message)));
            if (replaced != null) {
                replaced.finish();
            }
        }
        if (!joined) {
            return events;
        }
        for (Open o : open.values()) {
            o.finish();
        }
        return out;
    }

    private Compiled select(PipelineEvent e) {
        for (Compiled rule : rules) {
            if (rule.selector.matches(e.service(), e.host(), e.level())) {
                return rule;
            }
        }
        return null;
    }

    private record Compiled(StreamSelector selector, Pattern start, Pattern continuation) {
        boolean continues(String line) {
            return continuation != null && continuation.matcher(line).find() || !start.matcher(line).find();
        }
    }

    /** The event being built for one stream; earlier events of the stream are already final. */
    private static final class Open {
        private final PipelineEvent event;
        private StringBuilder text;
        private int lines = 1;
        private long bytes;

        Open(PipelineEvent event, long bytes) {
            this.event = event;
            this.bytes = bytes;
        }

        void append(String line, int lineBytes) {
            if (text == null) {
                text = new StringBuilder(event.message());
            }
            text.append('\n').append(line);
            lines++;
            bytes += lineBytes;
        }

        void finish() {
            if (text != null) {
                event.message(text.toString());
            }
        }
    }
}
