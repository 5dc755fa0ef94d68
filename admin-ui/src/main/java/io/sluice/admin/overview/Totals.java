package io.sluice.admin.overview;

import io.sluice.admin.web.LevelStyle;
import io.sluice.admin.web.QueryText;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The overview's totals tables: counts per level (in severity order) and per service (largest
 * first, the long tail folded into one "other services" line), each with its share and the query
 * that searches exactly those events.
 *
 * @param events all events in the window
 * @param levels one row per level
 * @param services the largest services
 * @param otherServices how many further services were folded away
 * @param otherEvents how many events those services had
 */
public record Totals(long events, List<Row> levels, List<Row> services, int otherServices, long otherEvents) {

    /** Services listed by name before the rest are folded together. */
    static final int MAX_SERVICES = 15;

    /**
     * One line of a totals table.
     *
     * @param name level or service
     * @param count events
     * @param percent share of all events, e.g. {@code 12.5}
     * @param cssClass colouring class (levels only; {@code null} for services)
     * @param query the log query selecting these events
     */
    public record Row(String name, long count, String percent, String cssClass, String query) {
    }

    /** The totals of {@code stats}. */
    public static Totals of(StatsSnapshot stats) {
        StatsSnapshot.Totals t = stats.totals();
        long events = Math.max(t.events(), t.levels().values().stream().mapToLong(Long::longValue).sum());
        List<Row> levels = LevelOrder.of(t.levels().keySet()).stream()
                .map(l -> new Row(l, t.levels().get(l), percent(t.levels().get(l), events), LevelStyle.cssClass(l), QueryText.selector("level", l)))
                .toList();
        List<Map.Entry<String, Long>> sorted = t.services().entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .toList();
        List<Row> services = sorted.stream().limit(MAX_SERVICES)
                .map(e -> new Row(e.getKey(), e.getValue(), percent(e.getValue(), events), null, QueryText.selector("service", e.getKey())))
                .toList();
        long otherEvents = sorted.stream().skip(MAX_SERVICES).mapToLong(Map.Entry::getValue).sum();
        return new Totals(events, levels, services, Math.max(0, sorted.size() - MAX_SERVICES), otherEvents);
    }

    private static String percent(long count, long of) {
        return of == 0 ? "0" : String.format(Locale.ROOT, "%.1f", 100.0 * count / of);
    }
}
