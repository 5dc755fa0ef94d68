package io.sluice.analytics.anomaly;

/**
 * Keys of the detectors' series: {@code service TAB level} for rates and {@code service TAB t TAB id}
 * for templates (tabs do not occur in service names that ingest accepts as labels), and their
 * human-readable names.
 */
public final class Series {

    /** Level of the series counting all lines of a service, whatever their level. */
    public static final String ALL_LEVELS = "*";

    private Series() {
    }

    /** Key of the rate series of {@code service} at {@code level}. */
    public static String rate(String service, String level) {
        return service + "\t" + level;
    }

    /** Key of the series of one template of {@code service}. */
    public static String template(String service, long templateId) {
        return service + "\tt\t" + templateId;
    }

    /** The service part of any series key. */
    static String service(String key) {
        int tab = key.indexOf('\t');
        return tab < 0 ? key : key.substring(0, tab);
    }

    /** The last part of a key: the level of a rate series, the template id of a template series. */
    static String last(String key) {
        return key.substring(key.lastIndexOf('\t') + 1);
    }

    /** Display name of a rate series. */
    static String rateName(String key) {
        return "service=" + service(key) + " level=" + last(key);
    }

    /** Display name of a template series. */
    static String templateName(String key) {
        return "service=" + service(key) + " template=" + last(key);
    }
}
