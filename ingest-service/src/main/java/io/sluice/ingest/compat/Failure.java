package io.sluice.ingest.compat;

import io.grpc.Status;
import io.sluice.ingest.auth.UnauthenticatedException;
import io.sluice.ingest.buffer.BufferUnavailableException;
import io.sluice.ingest.http.RequestProblem;
import io.sluice.ingest.intake.IntakeResult;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * Why a request of a standard-protocol input failed as a whole, classified once for every input:
 * the HTTP status, the gRPC status, a message a user can act on and (for 429 / 503) how long to
 * wait. Each input renders it in its own protocol's error format.
 *
 * @param status HTTP status
 * @param grpc gRPC status code
 * @param message what went wrong
 * @param retryAfter wait hint, or null when retrying the same request cannot help
 */
public record Failure(HttpStatus status, Status.Code grpc, String message, Duration retryAfter) {

    /** Wait hint when the buffer did not confirm an append. */
    public static final Duration BUFFER_RETRY_AFTER = Duration.ofSeconds(1);

    /** The failure for an error raised while handling a request. */
    public static Failure of(Throwable error) {
        if (error instanceof RequestProblem problem) {
            Status.Code code = problem.status() == HttpStatus.CONTENT_TOO_LARGE ? Status.Code.RESOURCE_EXHAUSTED : Status.Code.INVALID_ARGUMENT;
            return new Failure(problem.status(), code, problem.getMessage(), null);
        }
        if (error instanceof UnauthenticatedException) {
            return new Failure(HttpStatus.UNAUTHORIZED, Status.Code.UNAUTHENTICATED, error.getMessage(), null);
        }
        if (error instanceof ScopeMismatchException) {
            return new Failure(HttpStatus.FORBIDDEN, Status.Code.PERMISSION_DENIED, error.getMessage(), null);
        }
        if (error instanceof BufferUnavailableException) {
            return new Failure(HttpStatus.SERVICE_UNAVAILABLE, Status.Code.UNAVAILABLE, error.getMessage(), BUFFER_RETRY_AFTER);
        }
        return new Failure(HttpStatus.INTERNAL_SERVER_ERROR, Status.Code.INTERNAL, "ingest failed: " + error, null);
    }

    /** A 400 / INVALID_ARGUMENT with {@code message}. */
    public static Failure badRequest(String message) {
        return new Failure(HttpStatus.BAD_REQUEST, Status.Code.INVALID_ARGUMENT, message, null);
    }

    /** The 429 / RESOURCE_EXHAUSTED of a tenant over its rate limit. */
    public static Failure of(IntakeResult.Limited limited) {
        return new Failure(HttpStatus.TOO_MANY_REQUESTS, Status.Code.RESOURCE_EXHAUSTED, limited.error(), limited.retryAfter());
    }

    /** The wait hint in whole seconds (at least 1) for a {@code Retry-After} header. */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000));
    }
}
