package io.sluice.admin.search;

import io.sluice.admin.web.LevelStyle;
import io.sluice.logstore.model.ArchivedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One event as the search page shows it. Every string here comes from log data and is rendered
 * escaped ({@code th:text}); {@link #levelClass()} is the only value used in markup structure and
 * is drawn from a fixed set.
 *
 * @param id event id
 * @param time event time for the table (UTC, milliseconds)
 * @param isoTime event time, RFC 3339 with nanoseconds
 * @param level stored level
 * @param levelClass CSS class colouring the level
 * @param service emitting service
 * @param host emitting host
 * @param message the full log line
 * @param attributes attributes, one name/value pair per top-level key
 * @param fields parsed fields, one name/value pair per top-level key
 */
public record EventRow(
        String id,
        String time,
        String isoTime,
        String level,
        String levelClass,
        String service,
        String host,
        String message,
        List<Field> attributes,
        List<Field> fields) {

    /**
     * A top-level attribute or field.
     *
     * @param name key
     * @param value the value, strings as they are and anything else as compact JSON
     */
    public record Field(String name, String value) {
    }

    /** The page form of an archived event. */
    static EventRow of(ArchivedEvent e) {
        return new EventRow(e.id(), EventTimes.table(e.timestampNanos()), EventTimes.rfc3339(e.timestampNanos()),
                e.level(), LevelStyle.cssClass(e.level()), e.service(), e.host(), e.message(),
                fields(StoredJson.object(e.attributesJson())), fields(StoredJson.object(e.fieldsJson())));
    }

    private static List<Field> fields(ObjectNode object) {
        List<Field> out = new ArrayList<>(object.size());
        for (Map.Entry<String, JsonNode> entry : object.properties()) {
            out.add(new Field(entry.getKey(), StoredJson.display(entry.getValue())));
        }
        return out;
    }
}
