package io.sluice.admin.loki;

/**
 * A request to the Loki API with a parameter that cannot be used (a timestamp, step, limit or
 * direction that does not parse or is out of range); answered as 400 {@code bad_data} with the message.
 */
final class LokiInputException extends RuntimeException {

    /** The problem, in words fit for the person who wrote the request. */
    LokiInputException(String message) {
        super(message, null, false, false);
    }
}
