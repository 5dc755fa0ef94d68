package io.sluice.alert.rule;

import reactor.core.publisher.Mono;

/**
 * What the rules API tells evaluation after a rule was replaced or deleted, so that an alert the
 * old definition raised does not stay firing under labels no rule produces any more.
 */
public interface RuleChangeListener {

    /** Rule {@code before} was replaced by {@code after} (same id). */
    Mono<Void> replaced(AlertRule before, AlertRule after);

    /** Rule {@code before} was deleted. */
    Mono<Void> deleted(AlertRule before);
}
