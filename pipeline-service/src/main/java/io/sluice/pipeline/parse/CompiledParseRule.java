package io.sluice.pipeline.parse;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** A {@link ParseRule} with its selector, parser and time format compiled once. Immutable. */
final class CompiledParseRule {

    final String name;
    final StreamSelector selector;
    final ParserType type;
    final FieldParser parser;
    final String timestampField;
    final String levelField;
    final boolean levelWins;
    private final DateTimeFormatter timestampFormat;

    private CompiledParseRule(ParseRule rule, StreamSelector selector, FieldParser parser, DateTimeFormatter timestampFormat) {
        this.name = rule.name();
        this.selector = selector;
        this.type = rule.parser();
        this.parser = parser;
        this.timestampField = blankToNull(rule.timestampField());
        this.levelField = blankToNull(rule.levelField());
        this.levelWins = rule.levelWins();
        this.timestampFormat = timestampFormat;
    }

    /**
     * Compiles {@code rule}.
     *
     * @throws IllegalArgumentException naming the rule and what is wrong with it
     */
    static CompiledParseRule compile(ParseRule rule, GrokCompiler grok) {
        try {
            StreamSelector selector = StreamSelector.parse(rule.match());
            FieldParser parser = switch (rule.parser()) {
                case JSON -> new JsonFields();
                case LOGFMT -> new LogfmtFields(false);
                case KV -> new KeyValueFields();
                case SYSLOG -> new SyslogFields();
                case REGEX -> RegexFields.named(required(rule));
                case GROK -> grok.compile(required(rule));
                case AUTO, NONE -> null;
            };
            DateTimeFormatter format = rule.timestampFormat().equalsIgnoreCase("auto") ? null
                    : DateTimeFormatter.ofPattern(rule.timestampFormat(), Locale.ROOT).withZone(ZoneOffset.UTC);
            return new CompiledParseRule(rule, selector, parser, format);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("parse rule '" + rule.name() + "': " + e.getMessage(), e);
        }
    }

    /** The time in {@code value} as epoch nanos, or {@link Timestamps#NONE}. */
    long time(String value, long referenceNanos) {
        if (value == null) {
            return Timestamps.NONE;
        }
        if (timestampFormat == null) {
            return Timestamps.parseValue(value, referenceNanos);
        }
        try {
            Instant t = Instant.from(timestampFormat.parse(value));
            return t.getEpochSecond() * 1_000_000_000L + t.getNano();
        } catch (DateTimeException | ArithmeticException e) {
            return Timestamps.NONE;
        }
    }

    private static String required(ParseRule rule) {
        if (rule.pattern() == null || rule.pattern().isBlank()) {
            throw new IllegalArgumentException("parser " + rule.parser().name().toLowerCase(Locale.ROOT) + " needs a pattern");
        }
        return rule.pattern();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
