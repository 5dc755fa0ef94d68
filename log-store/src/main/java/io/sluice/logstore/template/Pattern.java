package io.sluice.logstore.template;

import java.util.List;

/**
 * A live template as readers see it: its own stored row with the counts of every template merged into it
 * folded in (see {@link TemplateReader}).
 *
 * @param service the service it was mined for
 * @param id the live template id
 * @param template template text, variable parts written {@code <*>}
 * @param count lines matched, merged-away templates included (approximate: see docs/ARCHITECTURE.md)
 * @param firstSeen event time of the earliest line, nanoseconds since the epoch
 * @param lastSeen event time of the latest line, nanoseconds since the epoch
 * @param aliases ids merged into this one, ascending (events archived under them belong here)
 */
public record Pattern(String service, long id, String template, long count, long firstSeen, long lastSeen, List<Long> aliases) {

    public Pattern {
        aliases = List.copyOf(aliases);
    }
}
