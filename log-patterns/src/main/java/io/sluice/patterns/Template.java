package io.sluice.patterns;

/**
 * A snapshot of one mined template, as {@link TemplateMiner#templates()} reports it for storage or display.
 *
 * @param id stable template id (see {@link TemplateMiner} for how it is derived)
 * @param template template text, variable parts written {@code <*>}
 * @param count lines matched so far
 * @param firstSeen timestamp passed with the first line (caller's clock and unit, e.g. epoch millis)
 * @param lastSeen largest timestamp passed with any of its lines
 */
public record Template(long id, String template, long count, long firstSeen, long lastSeen) {
}
