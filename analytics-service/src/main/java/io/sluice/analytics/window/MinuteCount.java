package io.sluice.analytics.window;

import java.util.Map;

/**
 * The counts one buffer entry adds to one statistics hash: the events of {@code tenant} whose
 * event time falls in the minute starting at {@code minuteStartMillis}, per {@code LEVEL:service}.
 *
 * @param tenant tenant of the events
 * @param minuteStartMillis epoch milliseconds of the minute start (event time)
 * @param fields hash field {@code LEVEL:service} to number of events
 */
public record MinuteCount(String tenant, long minuteStartMillis, Map<String, Long> fields) {

    public MinuteCount {
        fields = Map.copyOf(fields);
    }
}
