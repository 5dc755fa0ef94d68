package io.sluice.alert.channel;

import java.util.Map;

/**
 * The JSON body of {@code POST/PUT /api/v1/alert/channels}, as sent; checked by {@link ChannelValidator}.
 *
 * @param tenant owning tenant: the API key's, which it may name (another tenant: 403)
 * @param name unique within the tenant
 * @param type {@code webhook}, {@code email}, {@code slack}, {@code dingtalk}, {@code wecom} or {@code feishu}
 * @param settings the type's settings
 * @param template Mustache message template; absent for the type's default
 */
public record ChannelRequest(String tenant, String name, String type, Map<String, Object> settings, String template) {

    /** This request for {@code tenant} (the API key's), whatever it named. */
    public ChannelRequest withTenant(String tenant) {
        return new ChannelRequest(tenant, name, type, settings, template);
    }
}
