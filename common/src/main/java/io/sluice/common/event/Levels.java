package io.sluice.common.event;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The severity levels Sluice stores, and the mapping from the spellings that logging libraries,
 * syslog and OpenTelemetry use to them.
 */
public final class Levels {

    /** Stored levels, least to most severe. */
    public static final List<String> ALL = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("TRACE", "TRACE"), Map.entry("FINEST", "TRACE"), Map.entry("FINER", "TRACE"),
            Map.entry("DEBUG", "DEBUG"), Map.entry("FINE", "DEBUG"), Map.entry("DBG", "DEBUG"),
            Map.entry("INFO", "INFO"), Map.entry("INFORMATION", "INFO"), Map.entry("NOTICE", "INFO"),
            Map.entry("CONFIG", "INFO"),
            Map.entry("WARN", "WARN"), Map.entry("WARNING", "WARN"),
            Map.entry("ERROR", "ERROR"), Map.entry("ERR", "ERROR"), Map.entry("SEVERE", "ERROR"),
            Map.entry("FATAL", "FATAL"), Map.entry("CRITICAL", "FATAL"), Map.entry("CRIT", "FATAL"),
            Map.entry("ALERT", "FATAL"), Map.entry("EMERG", "FATAL"), Map.entry("EMERGENCY", "FATAL"),
            Map.entry("PANIC", "FATAL"));

    private Levels() {
    }

    /** The stored level for {@code raw} (case-insensitive), or empty when it is not a known level. */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(ALIASES.get(raw.trim().toUpperCase(Locale.ROOT)));
    }
}
