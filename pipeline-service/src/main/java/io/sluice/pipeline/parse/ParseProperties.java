package io.sluice.pipeline.parse;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the parse stage ({@code sluice.pipeline.parse.*}).
 *
 * @param rules parse rules, first match wins; replaceable at runtime through {@link ParseStage#replaceRules}
 * @param autoDetect whether events no rule matches are auto-detected (JSON object, then logfmt)
 * @param maxAge a time found in the line becomes the event time only if at most this much older
 *     than the ingest time (same window as ingest's {@code max-age})
 * @param maxFuture ... and at most this much newer
 * @param grokPatterns extra or overriding grok definitions, name to expression
 */
@ConfigurationProperties("sluice.pipeline.parse")
public record ParseProperties(
        List<ParseRule> rules,
        @DefaultValue("true") boolean autoDetect,
        @DefaultValue("7d") Duration maxAge,
        @DefaultValue("10m") Duration maxFuture,
        Map<String, String> grokPatterns) {

    public ParseProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
        grokPatterns = grokPatterns == null ? Map.of() : Map.copyOf(grokPatterns);
        maxAge = maxAge == null ? Duration.ofDays(7) : maxAge;
        maxFuture = maxFuture == null ? Duration.ofMinutes(10) : maxFuture;
    }
}
