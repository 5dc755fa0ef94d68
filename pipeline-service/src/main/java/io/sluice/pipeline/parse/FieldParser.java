package io.sluice.pipeline.parse;

import java.util.Map;

/**
 * Extracts fields from one log line. All or nothing: when the line does not have the parser's
 * shape, {@link #parse} returns {@code false} and leaves {@code out} as it was. Never throws on
 * bad input. Implementations are stateless and thread-safe.
 */
public interface FieldParser {

    /** Adds the fields of {@code line} to {@code out}; {@code false} (and nothing added) when it does not parse. */
    boolean parse(String line, Map<String, String> out);
}
