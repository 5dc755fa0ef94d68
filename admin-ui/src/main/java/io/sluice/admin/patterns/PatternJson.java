package io.sluice.admin.patterns;

import io.sluice.common.event.Timestamps;
import io.sluice.logstore.template.Pattern;
import java.util.List;

/**
 * One template as {@code /api/v1/patterns} returns it. Ids are decimal strings: they are 63-bit hashes,
 * beyond the integers a JavaScript number holds exactly.
 *
 * @param id the live template id
 * @param service the service it was mined for
 * @param template template text, variable parts written {@code <*>}
 * @param count lines matched over the template's life, merged templates included (approximate)
 * @param firstSeen event time of its first line, RFC 3339 UTC
 * @param lastSeen event time of its latest line, RFC 3339 UTC
 * @param firstSeenNanos the same in epoch nanoseconds
 * @param lastSeenNanos the same in epoch nanoseconds
 * @param aliases ids merged into this template: events archived under them belong to it
 */
public record PatternJson(String id, String service, String template, long count, String firstSeen, String lastSeen,
        long firstSeenNanos, long lastSeenNanos, List<String> aliases) {

    static PatternJson of(Pattern p) {
        return new PatternJson(Long.toString(p.id()), p.service(), p.template(), p.count(), Timestamps.fromNanos(p.firstSeen()).toString(),
                Timestamps.fromNanos(p.lastSeen()).toString(), p.firstSeen(), p.lastSeen(),
                p.aliases().stream().map(String::valueOf).toList());
    }
}
