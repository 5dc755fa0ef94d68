package io.sluice.admin.search;

import io.sluice.admin.AdminProperties;
import java.util.List;

/**
 * What the search form shows: the parameters as the user wrote them, so that the page URL is a
 * shareable link and a mistake can be corrected in place. A first visit shows the defaults.
 *
 * @param query the query text
 * @param from start of the range as written
 * @param to end of the range as written
 * @param limit the most events to show, as written
 */
public record SearchForm(String query, String from, String to, String limit) {

    /**
     * A quick range link such as "last 15 minutes".
     *
     * @param label what the link says
     * @param from the relative start it sets; the end is always {@code now}
     * @param active whether the form currently shows exactly this range
     */
    public record QuickRange(String label, String from, boolean active) {
    }

    private static final List<String> QUICK = List.of("15m", "1h", "6h", "24h", "7d");

    static SearchForm of(String query, String from, String to, String limit, AdminProperties properties) {
        boolean noRange = blank(from) && blank(to);
        return new SearchForm(
                blank(query) ? SearchCriteriaParser.ALL_STREAMS : query,
                noRange ? RelativeTime.ago(properties.defaultRange()) : orEmpty(from),
                noRange ? "now" : orEmpty(to),
                blank(limit) ? Integer.toString(properties.defaultLimit()) : limit);
    }

    /** The quick ranges, the one matching this form marked active. */
    public List<QuickRange> quickRanges() {
        return QUICK.stream()
                .map(q -> new QuickRange(q, "now-" + q, ("now-" + q).equals(from.trim()) && "now".equals(to.trim())))
                .toList();
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
