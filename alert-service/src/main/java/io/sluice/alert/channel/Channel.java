package io.sluice.alert.channel;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Map;

/**
 * A stored notification channel: where and how a tenant's notifications are delivered. Also the
 * JSON form of the channel API, with secret settings masked (see {@link ChannelSettings#masked}).
 *
 * @param id database id
 * @param tenant owning tenant
 * @param name unique within the tenant; what routes name as their receiver
 * @param type kind of channel
 * @param settings type-specific settings (url, secret, SMTP server, recipients, …)
 * @param template Mustache message template; null for the type's default
 * @param createdAt epoch milliseconds
 * @param updatedAt epoch milliseconds
 */
public record Channel(long id, String tenant, String name, ChannelType type, Map<String, Object> settings, String template,
        long createdAt, long updatedAt) {

    /** This channel as the API shows it: secrets replaced by {@link ChannelSettings#MASK}. */
    @JsonIgnore
    public Channel masked() {
        return new Channel(id, tenant, name, type, ChannelSettings.masked(settings), template, createdAt, updatedAt);
    }
}
