package io.sluice.logstore.template;

import java.util.Objects;

/**
 * One row of {@code log_template}: a template the pipeline mined for one (tenant, service), or — when
 * handed to {@link TemplateWriter#upsert} — the counts seen since the last flush, added to the stored row.
 *
 * @param tenant the tenant
 * @param service the service label the miner ran for ({@code ""} when the events had none)
 * @param id the miner's template id (positive 64-bit content hash of the template's first text)
 * @param template template text, variable parts written {@code <*>}
 * @param count lines matched (as a delta: lines matched since the last flush)
 * @param firstSeen event time of the earliest line, nanoseconds since the epoch
 * @param lastSeen event time of the latest line, nanoseconds since the epoch
 */
public record StoredTemplate(String tenant, String service, long id, String template, long count, long firstSeen, long lastSeen) {

    public StoredTemplate {
        Objects.requireNonNull(tenant, "tenant");
        service = service == null ? "" : service;
        template = template == null ? "" : template;
    }
}
