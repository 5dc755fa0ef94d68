package io.sluice.ingest.compat;

import com.google.protobuf.Any;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * A {@link Failure} as a gRPC error: its status code and message, and for a retryable failure the
 * wait hint twice — as the {@code retry-after-ms} trailer Sluice's agent reads, and as a
 * {@code google.rpc.RetryInfo} detail, which OTLP exporters honour.
 */
public final class GrpcFailures {

    /** Trailer telling a client how long to wait before retrying (milliseconds). */
    public static final Metadata.Key<String> RETRY_AFTER_MS = Metadata.Key.of("retry-after-ms", Metadata.ASCII_STRING_MARSHALLER);

    private GrpcFailures() {
    }

    /** The error a call fails with. */
    public static StatusRuntimeException toException(Failure failure) {
        com.google.rpc.Status.Builder status = com.google.rpc.Status.newBuilder()
                .setCode(failure.grpc().value())
                .setMessage(failure.message());
        Metadata trailers = new Metadata();
        if (failure.retryAfter() != null) {
            long millis = Math.max(1, failure.retryAfter().toMillis());
            trailers.put(RETRY_AFTER_MS, Long.toString(millis));
            status.addDetails(Any.pack(RetryInfo.newBuilder()
                    .setRetryDelay(com.google.protobuf.Duration.newBuilder()
                            .setSeconds(millis / 1000)
                            .setNanos((int) (millis % 1000) * 1_000_000))
                    .build()));
        }
        return StatusProto.toStatusRuntimeException(status.build(), trailers);
    }
}
