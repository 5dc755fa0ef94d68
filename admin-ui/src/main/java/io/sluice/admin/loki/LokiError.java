package io.sluice.admin.loki;

/**
 * The body of a failed Loki API call, in the Prometheus-style shape Loki's clients read:
 * {@code {"status":"error","errorType":"bad_data","error":"parse error at line 1, col 12: …","message":"…"}}.
 * {@code message} repeats {@code error} because Grafana's Loki data source shows an error body's
 * {@code message} field (and otherwise the whole body as text).
 *
 * @param status always {@code error}
 * @param errorType {@code bad_data} (400), {@code unauthorized} (401), {@code forbidden} (403),
 *     {@code execution} (422), {@code unavailable} (503), {@code timeout} (504) or {@code internal} (500)
 * @param error what went wrong, fit to show the user
 * @param message the same text, for Grafana
 */
record LokiError(String status, String errorType, String error, String message) {

    static LokiError of(String errorType, String error) {
        return new LokiError("error", errorType, error, error);
    }
}
