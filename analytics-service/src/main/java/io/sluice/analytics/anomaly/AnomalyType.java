package io.sluice.analytics.anomaly;

/** The kinds of finding the detectors raise; each names what an operator should look at. */
public enum AnomalyType {
    /** A service × level series logged far more lines than its baseline expects. */
    RATE_SPIKE,
    /** A service × level series logged far fewer lines than expected, or none at all (silence). */
    RATE_DROP,
    /** A service's share of ERROR/FATAL lines jumped above its usual share. */
    ERROR_RATIO_JUMP,
    /** A service logged a template it had never logged before (once its vocabulary had settled). */
    NEW_TEMPLATE,
    /** One known template's frequency rose sharply against its own baseline (drops are judged on the rate series). */
    TEMPLATE_SHIFT
}
