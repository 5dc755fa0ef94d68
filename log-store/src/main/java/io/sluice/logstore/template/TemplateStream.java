package io.sluice.logstore.template;

/** A (tenant, service) pair the store holds templates for; see {@link TemplateWriter#recentStreams}. */
public record TemplateStream(String tenant, String service) {
}
