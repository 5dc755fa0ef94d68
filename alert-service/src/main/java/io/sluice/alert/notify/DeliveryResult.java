package io.sluice.alert.notify;

/**
 * What became of one {@link Notification}, once final: delivered, or failed after every retry.
 * The same outcome is in the notification history ({@code GET /api/v1/alert/notifications}).
 *
 * @param notificationId id of the history row ({@code alert_notification.id}); null only when the
 *     history itself could not be written (the failure is then logged)
 * @param status {@link Outcome#SENT} or {@link Outcome#FAILED}
 * @param attempts delivery attempts made (0 when there was nothing to try, e.g. an unknown channel)
 * @param error the last error when failed, else null
 */
public record DeliveryResult(Long notificationId, Outcome status, int attempts, String error) {

    /** Final state of a delivery. */
    public enum Outcome {
        /** The channel accepted the message. */
        SENT,
        /** Every attempt failed (or the message could not be built); the last error is kept. */
        FAILED
    }

    /** Whether the channel accepted the message. */
    public boolean sent() {
        return status == Outcome.SENT;
    }
}
