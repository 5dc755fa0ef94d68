package io.sluice.logstore.engine;

import io.sluice.logstore.model.ArchivedEvent;
import java.util.Map;

/**
 * One result line of a log query.
 *
 * @param event the stored event
 * @param labels the line's labels: stream labels plus those extracted by the query's parsers
 * @param line the line as the query renders it ({@code line_format}), otherwise the message
 */
public record LogLine(ArchivedEvent event, Map<String, String> labels, String line) {

    public LogLine {
        labels = Map.copyOf(labels);
    }
}
