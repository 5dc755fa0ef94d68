package io.sluice.agent.core.spool;

import java.io.IOException;

/** A record or ack that does not check out (bad magic, impossible length, checksum mismatch). */
final class SpoolCorruptionException extends IOException {

    private static final long serialVersionUID = 1L;

    SpoolCorruptionException(String message) {
        super(message);
    }
}
