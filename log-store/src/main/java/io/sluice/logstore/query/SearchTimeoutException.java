package io.sluice.logstore.query;

/**
 * A search ran longer than {@code sluice.logstore.query-timeout} and was aborted on the server;
 * the caller should ask for a narrower time range or a more selective query.
 */
public class SearchTimeoutException extends RuntimeException {

    /** A timeout with a message a user can act on. */
    public SearchTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
