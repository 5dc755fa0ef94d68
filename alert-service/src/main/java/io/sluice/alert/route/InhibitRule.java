package io.sluice.alert.route;

import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Mutes alerts while a more important one fires, as Alertmanager's inhibit rules do: an alert
 * matching {@code target} is not notified while an alert matching {@code source} fires with the
 * same values for the {@code equal} labels (a label missing on both sides counts as equal). An
 * alert never inhibits itself, and an alert matching both sides is only inhibited by sources that
 * do not also match the target side (so two such alerts do not silence each other). Pure.
 *
 * @param source matchers of the inhibiting alerts
 * @param target matchers of the inhibited alerts
 * @param equal labels that must have the same value in both
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, List<String> equal) {

    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = List.copyOf(equal);
    }

    /** Whether some rule of {@code rules} mutes {@code alert}, given the tenant's {@code alerts} at {@code now}. */
    public static boolean mutes(List<InhibitRule> rules, Alert alert, Collection<Alert> alerts, long now) {
        for (InhibitRule rule : rules) {
            if (rule.mutes(alert, alerts, now)) {
                return true;
            }
        }
        return false;
    }

    /** Whether this rule mutes {@code alert}, given the tenant's {@code alerts} at {@code now}. */
    public boolean mutes(Alert alert, Collection<Alert> alerts, long now) {
        if (!Matcher.all(target, alert.labels())) {
            return false;
        }
        boolean twoSided = Matcher.all(source, alert.labels());
        String self = alert.fingerprint();
        for (Alert candidate : alerts) {
            if (candidate.resolvedAt(now) || !Matcher.all(source, candidate.labels()) || candidate.fingerprint().equals(self)) {
                continue;
            }
            if (twoSided && Matcher.all(target, candidate.labels())) {
                continue;
            }
            if (equalLabels(candidate, alert)) {
                return true;
            }
        }
        return false;
    }

    private boolean equalLabels(Alert a, Alert b) {
        for (String name : equal) {
            if (!Objects.equals(a.labels().getOrDefault(name, ""), b.labels().getOrDefault(name, ""))) {
                return false;
            }
        }
        return true;
    }
}
