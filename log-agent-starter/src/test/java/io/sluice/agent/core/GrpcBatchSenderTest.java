package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.RetryInfo;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GrpcBatchSenderTest {

    @Test
    void readsTheRetryHintFromTheRetryAfterMsTrailer() {
        Metadata trailers = new Metadata();
        trailers.put(GrpcBatchSender.RETRY_AFTER_MS, "250");
        assertThat(GrpcBatchSender.retryAfterNanos(Status.UNAVAILABLE.asRuntimeException(trailers)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
    }

    @Test
    void readsTheRetryHintFromGoogleRpcRetryInfo() {
        com.google.rpc.Status status = com.google.rpc.Status.newBuilder()
                .setCode(Code.RESOURCE_EXHAUSTED_VALUE)
                .addDetails(Any.pack(RetryInfo.newBuilder()
                        .setRetryDelay(com.google.protobuf.Duration.newBuilder().setSeconds(1).setNanos(500_000_000))
                        .build()))
                .build();
        assertThat(GrpcBatchSender.retryAfterNanos(StatusProto.toStatusRuntimeException(status)))
                .isEqualTo(TimeUnit.MILLISECONDS.toNanos(1_500));
    }

    @Test
    void hasNoHintWhenTheServerGaveNoneOrAMalformedOne() {
        Metadata malformed = new Metadata();
        malformed.put(GrpcBatchSender.RETRY_AFTER_MS, "soon");
        assertThat(GrpcBatchSender.retryAfterNanos(Status.UNAVAILABLE.asRuntimeException())).isNegative();
        assertThat(GrpcBatchSender.retryAfterNanos(Status.UNAVAILABLE.asRuntimeException(malformed))).isNegative();
    }

    @Test
    void roundRobinSkipsUnhealthyEndpointsUntilTheyRecover() {
        EndpointPicker picker = new EndpointPicker(3, TimeUnit.HOURS.toNanos(1));
        assertThat(new int[] {picker.next(), picker.next(), picker.next(), picker.next()}).containsExactly(0, 1, 2, 0);
        picker.unhealthy(1);
        assertThat(new int[] {picker.next(), picker.next(), picker.next()}).containsExactly(2, 0, 2);
        picker.healthy(1);
        assertThat(new int[] {picker.next(), picker.next(), picker.next()}).containsExactly(0, 1, 2);
    }

    @Test
    void triesTheLongestUnhealthyEndpointWhenAllAreUnhealthy() {
        EndpointPicker picker = new EndpointPicker(2, TimeUnit.HOURS.toNanos(1));
        picker.unhealthy(1);
        picker.unhealthy(0);
        assertThat(picker.next()).isEqualTo(1);
    }
}
