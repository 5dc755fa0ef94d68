package io.sluice.agent.core;

import java.util.Locale;

/**
 * How the agent compresses batches on the wire. {@link #ZSTD} costs about a ninth of gzip's CPU
 * at a slightly better ratio (docs/benchmarks.md); an ingest that cannot read it makes the agent
 * fall back to {@link #GZIP} for that endpoint.
 */
public enum Compression {
    /** zstd level 1 (message encoding {@code zstd}); the default. */
    ZSTD("zstd"),
    /** gzip, which every gRPC server reads. */
    GZIP("gzip"),
    /** No compression: less CPU, more bytes on the wire. */
    NONE(null);

    private final String encoding;

    Compression(String encoding) {
        this.encoding = encoding;
    }

    /** The gRPC message encoding, or null for none. */
    public String encoding() {
        return encoding;
    }

    /**
     * The compression called {@code name} ({@code zstd}, {@code gzip} or {@code none}, any case).
     *
     * @throws IllegalArgumentException for any other name
     */
    public static Compression of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("compression must be zstd, gzip or none, was " + name, e);
        }
    }
}
