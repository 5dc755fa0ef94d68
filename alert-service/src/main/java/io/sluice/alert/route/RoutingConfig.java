package io.sluice.alert.route;

import io.sluice.alert.route.RoutingSpec.InhibitRuleSpec;
import io.sluice.alert.route.RoutingSpec.RouteSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tenant's validated routing configuration: the routing tree with inherited settings resolved,
 * and the inhibition rules. Built only by {@link #validate}, which names every invalid field.
 * Pure.
 *
 * @param root the root route
 * @param inhibitRules the inhibition rules
 */
public record RoutingConfig(Route root, List<InhibitRule> inhibitRules) {

    /** Alertmanager's defaults at the root. */
    static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    static final Duration DEFAULT_REPEAT_INTERVAL = Duration.ofHours(4);
    /** Deepest tree accepted (a guard against configs that are not trees people wrote). */
    static final int MAX_DEPTH = 16;

    public RoutingConfig {
        inhibitRules = List.copyOf(inhibitRules);
    }

    /** Every receiver the tree names, in tree order. */
    public Set<String> receivers() {
        Set<String> out = new LinkedHashSet<>();
        collect(root, out);
        return out;
    }

    private static void collect(Route route, Set<String> out) {
        out.add(route.receiver());
        route.routes().forEach(child -> collect(child, out));
    }

    /** The routes an alert with {@code labels} is grouped in. */
    public List<Route> match(Map<String, String> labels) {
        return root.match(labels);
    }

    /**
     * The validated configuration of {@code spec}.
     *
     * @throws RouteValidationException naming every invalid field
     */
    public static RoutingConfig validate(RoutingSpec spec) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (spec == null || spec.route() == null) {
            throw new RouteValidationException(Map.of("route", "is required: {\"route\":{\"receiver\":\"…\"}}"));
        }
        RouteSpec r = spec.route();
        if (r.receiver() == null || r.receiver().isBlank()) {
            errors.put("route.receiver", "is required at the root");
        }
        if (r.matchers() != null && !r.matchers().isEmpty()) {
            errors.put("route.matchers", "the root route matches every alert and takes no matchers");
        }
        if (r.continueMatching() != null && r.continueMatching()) {
            errors.put("route.continue", "the root route cannot continue");
        }
        Route defaults = new Route("", List.of(), false, "", List.of(), false, DEFAULT_GROUP_WAIT, DEFAULT_GROUP_INTERVAL,
                DEFAULT_REPEAT_INTERVAL, true, List.of());
        Route root = route(r, defaults, "{}", "route", 0, errors);
        List<InhibitRule> inhibits = new ArrayList<>();
        List<InhibitRuleSpec> specs = spec.inhibitRules() == null ? List.of() : spec.inhibitRules();
        for (int i = 0; i < specs.size(); i++) {
            InhibitRule rule = inhibitRule(specs.get(i), "inhibitRules[" + i + "]", errors);
            if (rule != null) {
                inhibits.add(rule);
            }
        }
        if (!errors.isEmpty()) {
            throw new RouteValidationException(errors);
        }
        return new RoutingConfig(root, inhibits);
    }

    private static Route route(RouteSpec s, Route parent, String id, String path, int depth, Map<String, String> errors) {
        if (depth > MAX_DEPTH) {
            errors.put(path, "routes nest at most " + MAX_DEPTH + " levels deep");
            return parent;
        }
        List<Matcher> matchers = matchers(s.matchers(), path + ".matchers", errors);
        String receiver = s.receiver() == null ? parent.receiver() : s.receiver().trim();
        if (s.receiver() != null && (receiver.isEmpty() || receiver.length() > 200)) {
            errors.put(path + ".receiver", "must be 1 to 200 characters");
        }
        List<String> groupBy = parent.groupBy();
        boolean all = parent.groupByAll();
        if (s.groupBy() != null) {
            all = s.groupBy().contains("...");
            groupBy = all ? List.of() : List.copyOf(s.groupBy());
            if (all && s.groupBy().size() > 1) {
                errors.put(path + ".groupBy", "\"...\" groups by every label and must be alone");
            }
            for (String name : groupBy) {
                if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                    errors.put(path + ".groupBy", "'" + name + "' is not a label name");
                }
            }
        }
        Duration wait = duration(s.groupWait(), parent.groupWait(), path + ".groupWait", false, errors);
        Duration interval = duration(s.groupInterval(), parent.groupInterval(), path + ".groupInterval", true, errors);
        Duration repeat = duration(s.repeatInterval(), parent.repeatInterval(), path + ".repeatInterval", true, errors);
        boolean sendResolved = s.sendResolved() == null ? parent.sendResolved() : s.sendResolved();
        boolean cont = s.continueMatching() != null && s.continueMatching();
        Route self = new Route(id, matchers, cont, receiver, groupBy, all, wait, interval, repeat, sendResolved, List.of());
        List<Route> children = new ArrayList<>();
        List<RouteSpec> specs = s.routes() == null ? List.of() : s.routes();
        for (int i = 0; i < specs.size(); i++) {
            RouteSpec child = specs.get(i);
            String childPath = path + ".routes[" + i + "]";
            if (child == null) {
                errors.put(childPath, "must be an object");
                continue;
            }
            String childId = id + "/{" + String.join(",", matchers(child.matchers(), childPath, new LinkedHashMap<>()).stream()
                    .map(Matcher::toString).toList()) + "}#" + i;
            children.add(route(child, self, childId, childPath, depth + 1, errors));
        }
        return new Route(id, matchers, cont, receiver, groupBy, all, wait, interval, repeat, sendResolved, children);
    }

    private static Duration duration(String text, Duration inherited, String path, boolean positive, Map<String, String> errors) {
        if (text == null) {
            return inherited;
        }
        try {
            Duration d = DurationText.parse(text);
            if (positive && d.isZero()) {
                errors.put(path, "must be greater than 0");
            }
            return d;
        } catch (IllegalArgumentException e) {
            errors.put(path, e.getMessage());
            return inherited;
        }
    }

    private static List<Matcher> matchers(List<String> texts, String path, Map<String, String> errors) {
        List<Matcher> out = new ArrayList<>();
        if (texts == null) {
            return out;
        }
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(Matcher.parse(texts.get(i)));
            } catch (IllegalArgumentException e) {
                errors.put(path + "[" + i + "]", e.getMessage());
            }
        }
        return out;
    }

    private static InhibitRule inhibitRule(InhibitRuleSpec s, String path, Map<String, String> errors) {
        if (s == null) {
            errors.put(path, "must be an object");
            return null;
        }
        List<Matcher> source = matchers(s.sourceMatchers(), path + ".sourceMatchers", errors);
        List<Matcher> target = matchers(s.targetMatchers(), path + ".targetMatchers", errors);
        if (s.sourceMatchers() == null || s.sourceMatchers().isEmpty()) {
            errors.put(path + ".sourceMatchers", "at least one matcher is required");
        }
        if (s.targetMatchers() == null || s.targetMatchers().isEmpty()) {
            errors.put(path + ".targetMatchers", "at least one matcher is required");
        }
        List<String> equal = s.equal() == null ? List.of() : s.equal();
        for (String name : equal) {
            if (name == null || !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                errors.put(path + ".equal", "'" + name + "' is not a label name");
            }
        }
        return new InhibitRule(source, target, equal);
    }
}
