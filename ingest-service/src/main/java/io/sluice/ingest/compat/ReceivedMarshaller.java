package io.sluice.ingest.compat;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageLite;
import com.google.protobuf.Parser;
import io.grpc.MethodDescriptor.Marshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Parses a gRPC request with the message's protobuf parser, keeping its bytes (for the content
 * hash) and turning a parse failure into a value. grpc-java answers any exception thrown while
 * parsing with UNKNOWN and drops the cause; handing the failure to the service lets it answer
 * INVALID_ARGUMENT with the parser's reason. The server's inbound size limit applies before this
 * runs, so reading the whole stream is bounded.
 *
 * @param <T> the request message type
 */
public final class ReceivedMarshaller<T extends MessageLite> implements Marshaller<Received<T>> {

    private final Parser<T> parser;

    /** A marshaller parsing with {@code parser}. */
    public ReceivedMarshaller(Parser<T> parser) {
        this.parser = parser;
    }

    @Override
    public InputStream stream(Received<T> value) {
        return value.message() == null ? InputStream.nullInputStream() : new java.io.ByteArrayInputStream(value.message().toByteArray());
    }

    @Override
    public Received<T> parse(InputStream stream) {
        byte[] bytes;
        try {
            bytes = stream.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new Received<>(parser.parseFrom(bytes), null, bytes);
        } catch (InvalidProtocolBufferException e) {
            return new Received<>(null, e.getMessage(), bytes);
        } catch (RuntimeException e) {
            return new Received<>(null, String.valueOf(e.getMessage()), bytes);
        }
    }
}
