package io.sluice.admin.search;

/**
 * The archive failed to answer a valid search (database down, statement timeout, pool exhausted).
 * The message is fit to show the user; the API answers 503 with it.
 */
public final class ArchiveUnavailableException extends RuntimeException {

    ArchiveUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
