package io.sluice.alert.silence;

/** Where a silence stands, as in Alertmanager. */
public enum SilenceState {
    /** It starts later. */
    PENDING,
    /** It mutes matching alerts now. */
    ACTIVE,
    /** It ended (or was expired early); kept as history. */
    EXPIRED
}
