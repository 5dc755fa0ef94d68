package io.sluice.ingest.http;

import org.springframework.http.HttpStatus;

/** A request that cannot be processed as a whole; answered with {@code status} and the message. */
public final class RequestProblem extends RuntimeException {

    private final HttpStatus status;

    public RequestProblem(HttpStatus status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
