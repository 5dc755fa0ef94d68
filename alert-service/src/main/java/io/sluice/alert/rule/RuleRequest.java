package io.sluice.alert.rule;

/**
 * The JSON body of {@code POST} and {@code PUT /api/v1/alert-rules}, as received: every field may
 * be missing ({@code null}) until {@link RuleValidator} has checked it.
 *
 * @param tenant the API key's tenant, which it may name (another tenant: 403)
 * @param name required
 * @param query required, must parse
 * @param threshold required, at least 0
 * @param windowSeconds required, 1 to 86,400
 * @param webhookUrl required, absolute http(s) URL
 * @param enabled defaults to true
 */
public record RuleRequest(String tenant, String name, String query, Long threshold, Integer windowSeconds, String webhookUrl,
        Boolean enabled) {

    /** This request for {@code tenant} (the API key's), whatever it named. */
    public RuleRequest withTenant(String tenant) {
        return new RuleRequest(tenant, name, query, threshold, windowSeconds, webhookUrl, enabled);
    }
}
