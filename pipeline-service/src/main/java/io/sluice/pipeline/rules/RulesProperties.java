package io.sluice.pipeline.rules;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the pipeline rules.
 *
 * @param checkInterval how often every tenant's stored rule-set version is compared with the one
 *     applied here (the fallback when a change message on {@code {p}pipeline:rules} was missed)
 * @param maxTestLines most sample lines one {@code POST /api/v1/pipeline/rules/test} may carry
 */
@ConfigurationProperties("sluice.pipeline.rules")
public record RulesProperties(
        @DefaultValue("5s") Duration checkInterval,
        @DefaultValue("1000") int maxTestLines) {
}
