package io.sluice.admin.loki;

/** This process runs the Loki API but no query engine (log-store's); answered as 503. */
final class EngineUnavailableException extends RuntimeException {

    EngineUnavailableException() {
        super("the query engine is not running in this process", null, false, false);
    }
}
