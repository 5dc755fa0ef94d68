package io.sluice.pipeline.mine;

/** One mined stream: templates are per tenant and service. */
record StreamKey(String tenant, String service) {

    StreamKey {
        service = service == null ? "" : service;
    }
}
