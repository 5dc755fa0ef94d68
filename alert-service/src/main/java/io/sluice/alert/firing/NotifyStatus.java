package io.sluice.alert.firing;

/** Where a firing's webhook notification stands. */
public enum NotifyStatus {
    /** Not sent yet (or being sent). */
    PENDING,
    /** The webhook answered 2xx. */
    SENT,
    /** Every attempt failed; the last error is recorded. */
    FAILED,
    /**
     * Handed to the tenant's routing tree, which notifies per group (see
     * {@code GET /api/v1/alert/notifications}); the rule's own webhook is not used.
     */
    ROUTED
}
