package io.sluice.ingest.support;

import com.google.protobuf.CodedOutputStream;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.sluice.common.proto.ingest.v1.IngestServiceGrpc;
import io.sluice.common.proto.ingest.v1.LogEvent;
import io.sluice.common.proto.ingest.v1.PushResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Sends hand-made bytes as a Push request, bypassing the client's protobuf serialisation, so tests
 * can deliver what a broken or hostile client would (e.g. a string field that is not UTF-8).
 */
public final class RawPush {

    /** Push with a byte[] request marshaller. */
    public static final MethodDescriptor<byte[], PushResponse> METHOD = MethodDescriptor.<byte[], PushResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(IngestServiceGrpc.getPushMethod().getFullMethodName())
            .setRequestMarshaller(BytesMarshaller.INSTANCE)
            .setResponseMarshaller(ProtoUtils.marshaller(PushResponse.getDefaultInstance()))
            .build();

    private RawPush() {
    }

    /** Calls Push with {@code request} as the message bytes. */
    public static PushResponse call(Channel channel, byte[] request) {
        return ClientCalls.blockingUnaryCall(channel, METHOD, CallOptions.DEFAULT, request);
    }

    /**
     * A LogBatch holding one otherwise valid event whose message field carries {@code message}
     * bytes verbatim (protobuf requires proto3 strings to be UTF-8; these may not be).
     */
    public static byte[] batchWithMessageBytes(byte[] message) {
        LogEvent valid = LogEvent.newBuilder().setTimestampUnixNanos(1_764_000_000_000_000_000L).setService("svc").build();
        byte[] event = concat(valid.toByteArray(), field(LogEvent.MESSAGE_FIELD_NUMBER, message));
        return field(1, event);
    }

    private static byte[] field(int number, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CodedOutputStream coded = CodedOutputStream.newInstance(out);
        try {
            coded.writeByteArray(number, value);
            coded.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = new byte[a.length + b.length];
        System.arraycopy(a, 0, both, 0, a.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }
}
