package io.sluice.logstore.engine;

/** A query that needed more memory (series, lines held, bytes decoded) than its bound allows. */
public class QueryLimitException extends RuntimeException {

    /** A refusal explaining which bound was hit, in words a user can act on. */
    public QueryLimitException(String message) {
        super(message);
    }
}
