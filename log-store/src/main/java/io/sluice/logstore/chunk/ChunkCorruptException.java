package io.sluice.logstore.chunk;

/** A stored chunk that cannot be decoded: bad magic, unknown version, checksum mismatch or truncated data. */
public class ChunkCorruptException extends RuntimeException {

    /** A corruption described by {@code message}. */
    public ChunkCorruptException(String message) {
        super(message);
    }

    /** A corruption found by {@code cause}. */
    public ChunkCorruptException(String message, Throwable cause) {
        super(message, cause);
    }
}
