package io.sluice.admin.search;

import io.sluice.common.event.Timestamps;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** How event times are written: RFC 3339 in UTC with all nine fraction digits, and a shorter form for tables. */
final class EventTimes {

    private static final DateTimeFormatter RFC3339_NANOS = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH:mm:ss")
            .appendFraction(ChronoField.NANO_OF_SECOND, 9, 9, true)
            .appendLiteral('Z')
            .toFormatter()
            .withZone(ZoneOffset.UTC);

    private static final DateTimeFormatter TABLE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private EventTimes() {
    }

    /** {@code 2026-11-24T10:15:30.123456789Z}. */
    static String rfc3339(long epochNanos) {
        return RFC3339_NANOS.format(Timestamps.fromNanos(epochNanos));
    }

    /** {@code 2026-11-24 10:15:30.123} (UTC), for the results table. */
    static String table(long epochNanos) {
        return TABLE.format(Timestamps.fromNanos(epochNanos));
    }
}
