package io.sluice.admin.overview;

import io.sluice.admin.web.LevelStyle;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Lays out the stacked bar chart of events per minute by level as SVG geometry, so the overview
 * renders it server-side with no script and no chart library. Minutes without a bucket are empty
 * bars. Coordinates are in the {@link #WIDTH} × {@link #HEIGHT} view box, rounded to 0.01.
 *
 * @param bars one bar per step of the window, oldest first
 * @param yTicks horizontal grid lines with their counts
 * @param xTicks time labels along the bottom
 * @param levels the levels present, in stacking order (for the legend)
 * @param maxCount the count at the top of the scale
 */
public record StatsChart(List<Bar> bars, List<Tick> yTicks, List<Tick> xTicks, List<Legend> levels, long maxCount) {

    /** View box width. */
    public static final int WIDTH = 960;
    /** View box height. */
    public static final int HEIGHT = 220;
    /** Left edge of the plot (room for the count labels). */
    public static final int LEFT = 48;
    /** Top edge of the plot. */
    public static final int TOP = 8;
    /** Bottom edge of the plot (room for the time labels below). */
    public static final int BOTTOM = HEIGHT - 22;
    /** Right edge of the plot. */
    public static final int RIGHT = WIDTH - 8;

    private static final int MAX_BARS = 1440;
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    /**
     * One bar (one time step).
     *
     * @param x left edge
     * @param width bar width
     * @param total events in the step
     * @param title the tooltip: time, total and counts per level
     * @param segments stacked parts, bottom first
     */
    public record Bar(double x, double width, long total, String title, List<Segment> segments) {
    }

    /**
     * One level's part of a bar.
     *
     * @param y top edge
     * @param height height
     * @param level the level
     * @param cssClass the class that colours it
     */
    public record Segment(double y, double height, String level, String cssClass) {
    }

    /**
     * An axis label.
     *
     * @param position y of a grid line, or x of a time label
     * @param label the text
     */
    public record Tick(double position, String label) {
    }

    /**
     * A legend entry.
     *
     * @param level the level
     * @param cssClass the class that colours it
     */
    public record Legend(String level, String cssClass) {
    }

    /** The SVG view box. */
    public String viewBox() {
        return "0 0 " + WIDTH + " " + HEIGHT;
    }

    /** Left edge of the plot, for templates. */
    public int left() {
        return LEFT;
    }

    /** Right edge of the plot, for templates. */
    public int right() {
        return RIGHT;
    }

    /** Top edge of the plot, for templates. */
    public int top() {
        return TOP;
    }

    /** Bottom edge of the plot, for templates. */
    public int bottom() {
        return BOTTOM;
    }

    /** View box height, for templates. */
    public int height() {
        return HEIGHT;
    }

    /** Whether no event was counted in the window. */
    public boolean empty() {
        return bars.stream().allMatch(b -> b.total() == 0);
    }

    /** The chart of {@code stats}, laid out over {@code window} (analytics' own window when it gives one). */
    public static StatsChart of(StatsSnapshot stats, OverviewWindow window) {
        long step = stats.stepMillis() > 0 ? stats.stepMillis() : OverviewWindow.STEP_MILLIS;
        long from = stats.to() > stats.from() ? stats.from() : window.fromMillis();
        long to = stats.to() > stats.from() ? stats.to() : window.toMillis();
        int n = (int) Math.min(MAX_BARS, Math.max(1, (to - from + step - 1) / step));

        Map<Integer, StatsSnapshot.Bucket> byIndex = new HashMap<>();
        Set<String> present = new HashSet<>();
        long max = 0;
        for (StatsSnapshot.Bucket b : stats.buckets()) {
            long offset = b.start() - from;
            if (offset < 0 || offset / step >= n) {
                continue;
            }
            int i = (int) (offset / step);
            byIndex.put(i, b);
            present.addAll(b.levels().keySet());
            max = Math.max(max, Math.max(b.total(), sum(b.levels())));
        }
        List<String> order = LevelOrder.of(present);
        long top = scaleTop(max);
        double slot = (double) (RIGHT - LEFT) / n;
        double barWidth = Math.max(1, slot * 0.8);

        List<Bar> bars = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long start = from + i * step;
            StatsSnapshot.Bucket b = byIndex.get(i);
            Map<String, Long> levels = b == null ? Map.of() : b.levels();
            double y = BOTTOM;
            List<Segment> segments = new ArrayList<>();
            StringBuilder title = new StringBuilder(HH_MM.format(Instant.ofEpochMilli(start))).append(" UTC: ");
            long total = b == null ? 0 : Math.max(b.total(), sum(levels));
            title.append(total).append(total == 1 ? " event" : " events");
            for (String level : order) {
                long count = levels.getOrDefault(level, 0L);
                if (count <= 0) {
                    continue;
                }
                double h = (double) count / top * (BOTTOM - TOP);
                y -= h;
                segments.add(new Segment(round(y), round(h), level, LevelStyle.cssClass(level)));
                title.append(segments.size() == 1 ? " (" : ", ").append(level).append(' ').append(count);
            }
            if (!segments.isEmpty()) {
                title.append(')');
            }
            bars.add(new Bar(round(LEFT + i * slot + (slot - barWidth) / 2), round(barWidth), total, title.toString(), segments));
        }
        return new StatsChart(bars, yTicks(top), xTicks(from, step, n, slot),
                order.stream().map(l -> new Legend(l, LevelStyle.cssClass(l))).toList(), top);
    }

    /** The top of the count scale: the smallest multiple of a round step at least {@code max}, in at most five steps. */
    static long scaleTop(long max) {
        long tick = tickStep(max);
        return Math.max(tick, (max + tick - 1) / tick * tick);
    }

    /** The smallest step of 1, 2 or 5 times a power of ten that covers {@code max} in at most five steps. */
    private static long tickStep(long max) {
        for (long magnitude = 1; ; magnitude *= 10) {
            for (long m : new long[] {1, 2, 5}) {
                long step = m * magnitude;
                if ((max + step - 1) / step <= 5) {
                    return step;
                }
            }
        }
    }

    private static List<Tick> yTicks(long top) {
        long tick = tickStep(top);
        List<Tick> ticks = new ArrayList<>();
        for (long v = 0; v <= top; v += tick) {
            ticks.add(new Tick(round(BOTTOM - (double) v / top * (BOTTOM - TOP)), Long.toString(v)));
        }
        return ticks;
    }

    private static List<Tick> xTicks(long from, long step, int n, double slot) {
        int every = Math.max(1, n / 6);
        List<Tick> ticks = new ArrayList<>();
        for (int i = 0; i < n; i += every) {
            ticks.add(new Tick(round(LEFT + i * slot + slot / 2), HH_MM.format(Instant.ofEpochMilli(from + i * step))));
        }
        return ticks;
    }

    private static long sum(Map<String, Long> counts) {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
