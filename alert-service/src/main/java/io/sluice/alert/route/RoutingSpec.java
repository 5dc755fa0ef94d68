package io.sluice.alert.route;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * A tenant's routing configuration as JSON ({@code PUT /api/v1/alert/routes}), shaped like
 * Alertmanager's {@code route} and {@code inhibit_rules} in camelCase. Every field may be missing
 * until {@link RoutingConfig#validate} has checked it; the stored form is the validated one.
 *
 * @param route the root route (required; it needs a receiver and takes no matchers)
 * @param inhibitRules the inhibition rules (optional)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingSpec(RouteSpec route, List<InhibitRuleSpec> inhibitRules) {

    /**
     * One route node.
     *
     * @param receiver channel name; inherited when missing (required at the root)
     * @param groupBy label names; {@code ["..."]} groups by every label; inherited when missing
     * @param groupWait e.g. {@code 30s}; inherited (root default 30s)
     * @param groupInterval e.g. {@code 5m}; inherited (root default 5m)
     * @param repeatInterval e.g. {@code 4h}; inherited (root default 4h)
     * @param sendResolved whether resolved alerts are notified; inherited (root default true)
     * @param matchers {@code name="v"}, {@code name!="v"}, {@code name=~"re"}, {@code name!~"re"}
     * @param continueMatching JSON {@code continue}: whether later siblings are tried after a match
     * @param routes child routes
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RouteSpec(String receiver, List<String> groupBy, String groupWait, String groupInterval, String repeatInterval,
            Boolean sendResolved, List<String> matchers, @JsonProperty("continue") Boolean continueMatching, List<RouteSpec> routes) {
    }

    /**
     * One inhibition rule.
     *
     * @param sourceMatchers matchers of the alerts that inhibit
     * @param targetMatchers matchers of the alerts that are inhibited
     * @param equal labels whose values must be equal in source and target
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InhibitRuleSpec(List<String> sourceMatchers, List<String> targetMatchers, List<String> equal) {
    }
}
