package io.sluice.pipeline.parse;

import io.sluice.pipeline.stage.EventStage;
import io.sluice.pipeline.stage.PipelineEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's parse stage ({@link io.sluice.pipeline.stage.StageOrder#PARSE}): joins multiline
 * events, then for every event picks the first {@link ParseRule} whose selector matches its
 * service, host and level (none: auto-detect a JSON object or logfmt), extracts fields, takes the
 * event time from a time field or the start of the line when it lies inside the ingest window,
 * and the level from a level field when the event's own level is empty or unknown (or the rule says
 * the field wins). An event whose line does not parse keeps its fields, time and level as they were;
 * the stage never throws for a bad line. Rule sets are immutable snapshots swapped atomically by
 * {@link #replaceRules} and {@link #replaceMultilineRules}, so reloading never blocks the hot path.
 * CPU only; runs on the thread that processes the entry.
 */
public final class ParseStage implements EventStage {

    private static final Logger log = LoggerFactory.getLogger(ParseStage.class);
    private static final String[] TIME_FIELDS = {"ts", "time", "timestamp", "@timestamp", "datetime", "date"};
    private static final String[] LEVEL_FIELDS = {"level", "severity", "lvl", "loglevel", "log_level"};

    private final JsonFields json = new JsonFields();
    private final LogfmtFields logfmt = new LogfmtFields(true);
    private final GrokCompiler grok;
    private final boolean autoDetect;
    private final long maxAgeNanos;
    private final long maxFutureNanos;
    private final int maxLines;
    private final long maxBytes;
    private volatile List<CompiledParseRule> rules;
    private volatile MultilineJoiner multiline;

    /**
     * A stage with the configured rules.
     *
     * @throws IllegalArgumentException when a configured rule does not compile (the message names it)
     */
    public ParseStage(ParseProperties parse, MultilineProperties multiline) {
        this.grok = new GrokCompiler(parse.grokPatterns());
        this.autoDetect = parse.autoDetect();
        this.maxAgeNanos = parse.maxAge().toNanos();
        this.maxFutureNanos = parse.maxFuture().toNanos();
        this.maxLines = multiline.maxLines();
        this.maxBytes = multiline.maxBytes().toBytes();
        replaceRules(parse.rules());
        replaceMultilineRules(multiline.rules());
    }

    /**
     * Replaces the parse rules; the next entry processed uses them. A rule that does not compile
     * rejects the whole set (the current rules stay).
     *
     * @throws IllegalArgumentException naming the bad rule
     */
    public void replaceRules(List<ParseRule> newRules) {
        List<CompiledParseRule> compiled = new ArrayList<>(newRules.size());
        for (ParseRule rule : newRules) {
            compiled.add(CompiledParseRule.compile(rule, grok));
        }
        this.rules = List.copyOf(compiled);
    }

    /**
     * Replaces the multiline rules, all or nothing like {@link #replaceRules}.
     *
     * @throws IllegalArgumentException naming the bad rule
     */
    public void replaceMultilineRules(List<MultilineRule> newRules) {
        this.multiline = MultilineJoiner.compile(newRules, maxLines, maxBytes);
    }

    @Override
    public List<PipelineEvent> apply(List<PipelineEvent> events) {
        List<PipelineEvent> joined = multiline.join(events);
        List<CompiledParseRule> current = rules;
        String lastService = null;
        String lastHost = null;
        String lastLevel = null;
        CompiledParseRule rule = null;
        for (PipelineEvent e : joined) {
            if (!Objects.equals(e.service(), lastService) || !Objects.equals(e.host(), lastHost) || !Objects.equals(e.level(), lastLevel)) {
                lastService = e.service();
                lastHost = e.host();
                lastLevel = e.level();
                rule = select(current, e);
            }
            try {
                parse(e, rule);
            } catch (RuntimeException ex) {
                log.debug("event {} not parsed by rule {}", e.id(), rule == null ? "auto" : rule.name, ex);
            }
        }
        return joined;
    }

    /** Parses one event in place under {@code rule} ({@code null}: auto-detect). */
    void parse(PipelineEvent e, CompiledParseRule rule) {
        String message = e.message();
        Map<String, String> fields = e.fields();
        ParserType type = rule != null ? rule.type : autoDetect ? ParserType.AUTO : ParserType.NONE;
        if (type == ParserType.AUTO) {
            detect(message, fields);
        } else if (type != ParserType.NONE) {
            rule.parser.parse(message, fields);
        }
        time(e, rule, fields, message);
        level(e, rule, fields);
    }

    private void detect(String message, Map<String, String> fields) {
        if (JsonFields.looksLikeObject(message)) {
            json.parse(message, fields);
        } else if (message != null && LogfmtFields.startsWithPair(message)) {
            logfmt.parse(message, fields);
        }
    }

    private void time(PipelineEvent e, CompiledParseRule rule, Map<String, String> fields, String message) {
        long reference = e.timestampNanos();
        long t = Timestamps.NONE;
        if (rule != null && rule.timestampField != null) {
            t = rule.time(fields.get(rule.timestampField), reference);
        } else {
            if (!fields.isEmpty()) {
                for (String name : TIME_FIELDS) {
                    String v = fields.get(name);
                    if (v != null && (t = Timestamps.parseValue(v, reference)) != Timestamps.NONE) {
                        break;
                    }
                }
            }
            if (t == Timestamps.NONE) {
                t = Timestamps.parseLineStart(message, reference);
            }
        }
        if (t != Timestamps.NONE && t >= reference - maxAgeNanos && t <= reference + maxFutureNanos) {
            e.timestampNanos(t);
        }
    }

    private static void level(PipelineEvent e, CompiledParseRule rule, Map<String, String> fields) {
        boolean wins = rule != null && rule.levelWins;
        if (fields.isEmpty() || !wins && LevelMapper.isKnown(e.level())) {
            return;
        }
        String value = null;
        if (rule != null && rule.levelField != null) {
            value = fields.get(rule.levelField);
        } else {
            for (String name : LEVEL_FIELDS) {
                if ((value = fields.get(name)) != null) {
                    break;
                }
            }
        }
        String level = LevelMapper.normalize(value);
        if (level != null) {
            e.level(level);
        }
    }

    private static CompiledParseRule select(List<CompiledParseRule> rules, PipelineEvent e) {
        for (CompiledParseRule rule : rules) {
            if (rule.selector.matches(e.service(), e.host(), e.level())) {
                return rule;
            }
        }
        return null;
    }
}
