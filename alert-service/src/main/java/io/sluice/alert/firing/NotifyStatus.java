package io.sluice.alert.firing;

/** Where a firing's webhook notification stands. */
public enum NotifyStatus {
    /** Not sent yet (or being sent). */
    PENDING,
    /** The webhook answered 2xx. */
    SENT,
    /** Every attempt failed; the last error is recorded. */
    FAILED
}
