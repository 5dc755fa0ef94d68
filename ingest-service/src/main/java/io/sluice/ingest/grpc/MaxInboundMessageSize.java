package io.sluice.ingest.grpc;

import io.grpc.ServerBuilder;
import org.springframework.grpc.server.ServerBuilderCustomizer;

/**
 * Raises (or lowers) the gRPC server's inbound message limit to
 * {@code sluice.ingest.max-request-size}, so one limit governs both inputs. grpc-java rejects a
 * larger message with RESOURCE_EXHAUSTED before it is parsed. Applied after Spring gRPC's own
 * {@code spring.grpc.server.max-inbound-message-size}, which it therefore overrides.
 *
 * @param <T> the server builder type
 */
public final class MaxInboundMessageSize<T extends ServerBuilder<T>> implements ServerBuilderCustomizer<T> {

    private final int maxBytes;

    /** A customizer setting the limit to {@code maxBytes}. */
    public MaxInboundMessageSize(long maxBytes) {
        this.maxBytes = (int) Math.min(maxBytes, Integer.MAX_VALUE);
    }

    @Override
    public void customize(T builder) {
        builder.maxInboundMessageSize(maxBytes);
    }
}
