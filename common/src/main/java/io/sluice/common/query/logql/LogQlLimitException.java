package io.sluice.common.query.logql;

/**
 * A query that needs more than its bounds allow (series, samples held, evaluation steps). The
 * message says which bound and how to narrow the query; nothing else is affected.
 */
public final class LogQlLimitException extends RuntimeException {

    /** A refusal in words a user can act on. */
    public LogQlLimitException(String message) {
        super(message);
    }
}
