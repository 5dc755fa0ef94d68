package io.sluice.alert.route;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A node of a tenant's routing tree with every setting resolved (inherited from its parent where
 * the config left it out). An alert enters at the root; {@link #match} returns the routes whose
 * groups it joins, with Alertmanager's rules: children are tried in order, the first matching
 * child wins unless it says {@code continue}, and a matching node none of whose children match
 * takes the alert itself. Immutable and pure.
 *
 * @param id stable identity within the tree (path of matchers and positions), part of group keys
 * @param matchers what an alert must satisfy to enter this route (none at the root)
 * @param continueMatching whether later siblings are tried after this route matched
 * @param receiver name of the channel that gets this route's notifications
 * @param groupBy labels that split alerts into groups (empty: one group)
 * @param groupByAll whether every label splits (Alertmanager's {@code group_by: ['...']})
 * @param groupWait delay before a new group's first notification (0: immediately)
 * @param groupInterval delay between notifications about a group whose alerts changed
 * @param repeatInterval delay before an unchanged notification is sent again
 * @param sendResolved whether resolved alerts are notified
 * @param routes child routes, in order
 */
public record Route(String id, List<Matcher> matchers, boolean continueMatching, String receiver, List<String> groupBy,
        boolean groupByAll, Duration groupWait, Duration groupInterval, Duration repeatInterval, boolean sendResolved,
        List<Route> routes) {

    public Route {
        matchers = List.copyOf(matchers);
        groupBy = List.copyOf(groupBy);
        routes = List.copyOf(routes);
    }

    /** The routes an alert with {@code labels} ends in (empty when this route does not match). */
    public List<Route> match(Map<String, String> labels) {
        if (!Matcher.all(matchers, labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> found = child.match(labels);
            all.addAll(found);
            if (!found.isEmpty() && !child.continueMatching()) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** The labels of {@code labels} that name its group in this route (sorted). */
    public Map<String, String> groupLabels(Map<String, String> labels) {
        Map<String, String> out = new TreeMap<>();
        if (groupByAll) {
            out.putAll(labels);
            return out;
        }
        for (String name : groupBy) {
            String v = labels.get(name);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
    }

    /** The key of the group an alert with {@code labels} joins here, e.g. {@code {}/{team="db"}#0:{alertname="x"}}. */
    public String groupKey(Map<String, String> labels) {
        StringBuilder key = new StringBuilder(id).append(':').append('{');
        boolean first = true;
        for (Map.Entry<String, String> e : groupLabels(labels).entrySet()) {
            if (!first) {
                key.append(',');
            }
            key.append(new Matcher(e.getKey(), Matcher.Op.EQ, e.getValue()));
            first = false;
        }
        return key.append('}').toString();
    }

    /** This route or a descendant with {@code id}, or null. */
    public Route find(String routeId) {
        if (id.equals(routeId)) {
            return this;
        }
        for (Route child : routes) {
            Route r = child.find(routeId);
            if (r != null) {
                return r;
            }
        }
        return null;
    }
}
