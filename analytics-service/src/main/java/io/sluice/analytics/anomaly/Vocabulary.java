package io.sluice.analytics.anomaly;

import java.util.HashMap;
import java.util.Map;

/**
 * The templates one service has logged, with their line counts, and the Good–Turing estimate of how
 * likely a line is to bring a template never seen before ({@code singletons / lines}): a new
 * template is only news where the service's vocabulary has settled. A new template equal to a
 * known one of the same length except at variables, or (at four words or more) in one constant
 * word, is a variant the miner has not merged yet, not news. Mutable; fields are public for
 * the JSON state in Redis.
 */
public final class Vocabulary {

    public Map<Long, Long> counts = new HashMap<>();
    public Map<Long, String> texts = new HashMap<>();
    public long lines;
    public long singletons;
    public long windows;

    boolean knows(long templateId) {
        return counts.containsKey(templateId);
    }

    /** Good–Turing estimate of lines of unseen templates among {@code windowLines} lines. */
    double expectedNewLines(long windowLines) {
        return windowLines * (singletons + 1.0) / (lines + 1.0);
    }

    /** New templates expected in a day at the service's usual volume and the current discovery rate. */
    double expectedNewPerDay(DetectorSettings s) {
        return windows == 0 ? Double.POSITIVE_INFINITY : expectedNewLines(Math.round((double) lines / windows * s.windowsPerDay()));
    }

    /** Whether {@code text} is a near-copy of a known template. */
    boolean isVariant(String text) {
        if (text == null) {
            return false;
        }
        String[] tokens = text.split("\\s+");
        for (String known : texts.values()) {
            String[] other = known.split("\\s+");
            if (other.length != tokens.length) {
                continue;
            }
            int differing = 0;
            for (int i = 0; i < tokens.length && differing < 2; i++) {
                if (!tokens[i].equals(other[i]) && !tokens[i].equals("<*>") && !other[i].equals("<*>")) {
                    differing++;
                }
            }
            if (differing == 0 || (differing == 1 && tokens.length >= 4)) {
                return true;
            }
        }
        return false;
    }

    /** Adds a window's lines of one template. */
    void add(long templateId, String text, long n, int maxTemplates) {
        Long old = counts.get(templateId);
        if (old == null && counts.size() >= maxTemplates) {
            lines += n;
            return;
        }
        long before = old == null ? 0 : old;
        long after = before + n;
        if (before == 1) {
            singletons--;
        }
        if (after == 1) {
            singletons++;
        }
        counts.put(templateId, after);
        if (old == null && text != null) {
            texts.put(templateId, text);
        }
        lines += n;
    }

    boolean full(int maxTemplates) {
        return counts.size() >= maxTemplates;
    }
}
