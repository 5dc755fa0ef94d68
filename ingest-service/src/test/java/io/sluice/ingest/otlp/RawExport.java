package io.sluice.ingest.otlp;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.logs.v1.LogsServiceGrpc;
import io.sluice.ingest.support.BytesMarshaller;

/** Calls {@code LogsService/Export} with hand-made message bytes, as a broken or hostile client would. */
final class RawExport {

    static final MethodDescriptor<byte[], ExportLogsServiceResponse> METHOD = MethodDescriptor.<byte[], ExportLogsServiceResponse>newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(LogsServiceGrpc.getExportMethod().getFullMethodName())
            .setRequestMarshaller(BytesMarshaller.INSTANCE)
            .setResponseMarshaller(ProtoUtils.marshaller(ExportLogsServiceResponse.getDefaultInstance()))
            .build();

    private RawExport() {
    }

    /** Export with {@code message} as the request bytes and {@code key} as Bearer token. */
    static ExportLogsServiceResponse call(Channel channel, byte[] message, String key, CallOptions options) {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + key);
        Channel authenticated = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(headers));
        return ClientCalls.blockingUnaryCall(authenticated, METHOD, options, message);
    }
}
