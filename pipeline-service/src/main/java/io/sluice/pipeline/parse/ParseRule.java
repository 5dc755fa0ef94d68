package io.sluice.pipeline.parse;

import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * One parse rule ({@code sluice.pipeline.parse.rules[n]}): events whose labels match {@code match}
 * are parsed with {@code parser}. The first matching rule wins; events no rule matches are
 * auto-detected.
 *
 * @param name shown in errors and logs
 * @param match LogQL stream selector over {@code service}, {@code host}, {@code level}, e.g.
 *     {@code {service="nginx"}}; blank or {@code {}} matches every event
 * @param parser json, logfmt, kv, syslog, regex, grok, auto or none
 * @param pattern the Java regex (named groups) for {@code regex}, the grok expression for {@code grok}
 * @param timestampField the field holding the event time; blank looks at {@code ts}, {@code time},
 *     {@code timestamp}, {@code @timestamp}, {@code datetime}, {@code date}, then the start of the line
 * @param timestampFormat how {@code timestampField} is written: {@code auto} (every format the
 *     scanner knows), or a {@link java.time.format.DateTimeFormatter} pattern (zone UTC unless it has one)
 * @param levelField the field holding the level; blank looks at {@code level}, {@code severity},
 *     {@code lvl}, {@code loglevel}, {@code log_level}
 * @param levelWins whether the field's level replaces a level the event already has (otherwise only
 *     an empty or unknown level is replaced)
 */
public record ParseRule(
        String name,
        @DefaultValue("{}") String match,
        @DefaultValue("auto") ParserType parser,
        String pattern,
        String timestampField,
        @DefaultValue("auto") String timestampFormat,
        String levelField,
        boolean levelWins) {

    public ParseRule {
        name = name == null || name.isBlank() ? "rule" : name;
        match = match == null ? "{}" : match;
        parser = parser == null ? ParserType.AUTO : parser;
        timestampFormat = timestampFormat == null || timestampFormat.isBlank() ? "auto" : timestampFormat;
    }
}
