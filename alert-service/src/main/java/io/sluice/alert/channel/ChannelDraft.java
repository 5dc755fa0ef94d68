package io.sluice.alert.channel;

import java.util.Map;

/**
 * A validated channel definition, ready to store.
 *
 * @param tenant owning tenant
 * @param name unique within the tenant
 * @param type kind of channel
 * @param settings the type's settings
 * @param template message template, or null for the type's default
 */
public record ChannelDraft(String tenant, String name, ChannelType type, Map<String, Object> settings, String template) {
}
