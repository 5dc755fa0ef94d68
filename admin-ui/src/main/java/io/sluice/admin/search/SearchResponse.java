package io.sluice.admin.search;

import java.util.List;

/**
 * The search API's answer.
 *
 * @param events the matching events, newest first, at most {@code limit} of them
 * @param total the exact number of matching events in the range, which may exceed {@code events}
 */
public record SearchResponse(List<EventJson> events, long total) {
}
