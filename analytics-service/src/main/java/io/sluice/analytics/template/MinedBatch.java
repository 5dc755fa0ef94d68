package io.sluice.analytics.template;

import io.sluice.patterns.Match;
import java.util.List;

/**
 * The templates of one buffer entry's events, as {@link TemplateMining} found them: one
 * {@link Match} per event, in the entry's order, and the template merges (aliases) the miner made
 * while mining each event, reported once per instance. Immutable once built.
 */
public final class MinedBatch {

    /** A merge: template {@code from} now lives on as template {@code into}. */
    public record Alias(long from, long into) {
    }

    private final Match[] matches;
    private final List<List<Alias>> aliases;

    MinedBatch(Match[] matches, List<List<Alias>> aliases) {
        this.matches = matches;
        this.aliases = aliases;
    }

    /** What mining event {@code i} of the entry gave. */
    public Match match(int i) {
        return matches[i];
    }

    /** Merges first seen while mining event {@code i}; usually none. */
    public List<Alias> newAliases(int i) {
        return aliases == null || i >= aliases.size() ? List.of() : aliases.get(i);
    }

    /** Number of events mined. */
    public int size() {
        return matches.length;
    }
}
