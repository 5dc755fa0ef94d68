package io.sluice.logstore.engine;

import io.sluice.common.query.LabelMatcher;
import io.sluice.logstore.model.ArchivedEvent;
import java.util.List;

/**
 * A log query ready to run: what prunes chunks before reading them, and what each candidate event
 * becomes. Immutable and safe to use from several decoding threads at once.
 */
interface LogPlan {

    /** Matchers on {@code service}, {@code host} and {@code level}, checked against index rows and events. */
    List<LabelMatcher> streamMatchers();

    /** Substrings every matching original line contains (the {@code |=} filters before any stage rewrites the line). */
    List<String> requiredSubstrings();

    /** Whether the query has nothing after its selector: every selected event is a line as it is. */
    boolean selectorOnly();

    /** The line {@code event} becomes, or {@code null} when the query drops it. */
    LogLine apply(ArchivedEvent event);
}
