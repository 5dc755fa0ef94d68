package io.sluice.ingest.grpc;

import io.grpc.MethodDescriptor.Marshaller;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.sluice.common.proto.ingest.v1.LogBatch;
import com.google.protobuf.InvalidProtocolBufferException;
import io.sluice.ingest.buffer.ReceivedEvents;
import java.io.IOException;
import java.io.InputStream;

/**
 * Parses Push messages with the generated protobuf marshaller but turns a parse failure into a
 * value instead of an exception. grpc-java (1.77) answers any exception thrown while parsing a
 * request with UNKNOWN "Application error processing RPC" and drops the cause, whatever status
 * the exception carries; handing the failure to the service lets it answer INVALID_ARGUMENT with
 * the parser's reason. The message's bytes are kept with the parsed batch ({@link ReceivedEvents})
 * so that ingest can store the events that need no normalisation without encoding them again.
 */
final class PushRequestMarshaller implements Marshaller<PushRequest> {

    private final Marshaller<LogBatch> protobuf;

    PushRequestMarshaller(Marshaller<LogBatch> protobuf) {
        this.protobuf = protobuf;
    }

    @Override
    public InputStream stream(PushRequest value) {
        return protobuf.stream(value.batch());
    }

    @Override
    public PushRequest parse(InputStream stream) {
        try {
            byte[] bytes = stream.readAllBytes();
            LogBatch batch = LogBatch.parseFrom(bytes);
            return PushRequest.of(batch, ReceivedEvents.ofLogBatch(bytes, batch.getEventsCount()));
        } catch (InvalidProtocolBufferException e) {
            return PushRequest.unparseable(e.getMessage());
        } catch (IOException e) {
            return PushRequest.unparseable("the message could not be read: " + e.getMessage());
        } catch (StatusRuntimeException e) {
            return PushRequest.unparseable(describe(e));
        } catch (RuntimeException e) {
            return PushRequest.unparseable(e.getMessage());
        }
    }

    private static String describe(StatusRuntimeException e) {
        Status status = e.getStatus();
        Throwable cause = status.getCause() != null ? status.getCause() : e.getCause();
        if (cause != null && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return status.getDescription() != null ? status.getDescription() : status.getCode().toString();
    }
}
