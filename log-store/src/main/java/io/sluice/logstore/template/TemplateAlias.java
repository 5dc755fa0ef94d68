package io.sluice.logstore.template;

/**
 * One row of {@code log_template_alias}: the miner of (tenant, service) merged template {@code fromId}
 * into {@code intoId}, so events archived under {@code fromId} belong to {@code intoId}.
 */
public record TemplateAlias(String tenant, String service, long fromId, long intoId) {

    public TemplateAlias {
        service = service == null ? "" : service;
        if (fromId == intoId) {
            throw new IllegalArgumentException("a template cannot be an alias of itself: " + fromId);
        }
    }
}
