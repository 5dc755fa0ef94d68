package io.sluice.alert.channel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reads of a channel's settings map (as parsed from JSON), and the masking of its secrets.
 * Pure; values were checked by the channel's {@link ChannelSender#validate} when stored.
 */
public final class ChannelSettings {

    /** What the API shows instead of a secret; sent back unchanged, it keeps the stored secret. */
    public static final String MASK = "******";

    /** Settings whose values are secrets. */
    static final Set<String> SECRETS = Set.of("secret", "password");

    private ChannelSettings() {
    }

    /** A copy of {@code settings} with every non-empty secret replaced by {@link #MASK}. */
    public static Map<String, Object> masked(Map<String, Object> settings) {
        Map<String, Object> copy = new LinkedHashMap<>(settings);
        for (String key : SECRETS) {
            if (copy.get(key) instanceof String s && !s.isEmpty()) {
                copy.put(key, MASK);
            }
        }
        return copy;
    }

    /** {@code update} with every masked secret taken from {@code stored}. */
    static Map<String, Object> unmask(Map<String, Object> update, Map<String, Object> stored) {
        Map<String, Object> copy = new LinkedHashMap<>(update);
        for (String key : SECRETS) {
            if (MASK.equals(copy.get(key)) && stored.containsKey(key)) {
                copy.put(key, stored.get(key));
            }
        }
        return copy;
    }

    /** The trimmed string at {@code key}, or null when absent or blank. */
    static String string(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        if (v == null) {
            return null;
        }
        String s = v.toString().trim();
        return s.isEmpty() ? null : s;
    }

    /** The boolean at {@code key}, or {@code otherwise}. */
    static boolean bool(Map<String, Object> settings, String key, boolean otherwise) {
        Object v = settings.get(key);
        if (v instanceof Boolean b) {
            return b;
        }
        return v == null ? otherwise : Boolean.parseBoolean(v.toString());
    }

    /** The int at {@code key}, or {@code otherwise}. */
    static int integer(Map<String, Object> settings, String key, int otherwise) {
        Object v = settings.get(key);
        if (v instanceof Number n) {
            return n.intValue();
        }
        return v == null ? otherwise : Integer.parseInt(v.toString().trim());
    }

    /** The strings at {@code key}: a JSON array, or one comma-separated string; empty when absent. */
    static List<String> strings(Map<String, Object> settings, String key) {
        Object v = settings.get(key);
        List<String> out = new ArrayList<>();
        if (v instanceof List<?> list) {
            list.forEach(o -> {
                if (o != null && !o.toString().isBlank()) {
                    out.add(o.toString().trim());
                }
            });
        } else if (v != null) {
            for (String part : v.toString().split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    /** The string → string map at {@code key}; empty when absent. */
    static Map<String, String> stringMap(Map<String, Object> settings, String key) {
        Map<String, String> out = new LinkedHashMap<>();
        if (settings.get(key) instanceof Map<?, ?> m) {
            m.forEach((k, v) -> out.put(String.valueOf(k), v == null ? "" : v.toString()));
        }
        return out;
    }
}
