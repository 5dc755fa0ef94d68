package io.sluice.analytics.anomaly;

import java.util.HashMap;
import java.util.Map;

/**
 * Everything the detectors learned about one tenant: the baselines of its series, its services'
 * error shares and vocabularies, and the last window judged. Mutable, owned by one closer at a time
 * (see {@link AnomalyDetector}); fields are public for the JSON state in Redis.
 */
public final class DetectorState {

    /** Start of the last window judged; {@link Long#MIN_VALUE} before the first. */
    public long lastWindow = Long.MIN_VALUE;
    /** Rate series ({@link Series#rate}) → baseline. */
    public Map<String, SeriesBaseline> rates = new HashMap<>();
    /** Template series ({@link Series#template}) → baseline. */
    public Map<String, SeriesBaseline> templates = new HashMap<>();
    /** Service → error-share baseline. */
    public Map<String, RatioBaseline> ratios = new HashMap<>();
    /** Service → templates seen. */
    public Map<String, Vocabulary> vocabularies = new HashMap<>();
}
