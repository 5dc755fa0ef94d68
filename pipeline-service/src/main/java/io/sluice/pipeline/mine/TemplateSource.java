package io.sluice.pipeline.mine;

import io.sluice.logstore.template.StreamTemplates;
import reactor.core.publisher.Mono;

/** Where a new miner's stored templates come from: log-store's {@code TemplateWriter#load} in the application. */
@FunctionalInterface
interface TemplateSource {

    /** The stored templates (the {@code maxTemplates} most frequent) and aliases of one stream. */
    Mono<StreamTemplates> load(String tenant, String service, int maxTemplates);
}
