package io.sluice.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Request marshaller of the benchmark sinks: reads a {@code LogBatch} from the wire and keeps only
 * its number of events (field 1), skipping their bytes. The sink therefore costs as little CPU
 * and memory as a real server can, and the agent's work is what the benchmark measures.
 */
final class BatchEventCount implements MethodDescriptor.Marshaller<Integer> {

    private static final int EVENTS_FIELD = 1;

    @Override
    public InputStream stream(Integer value) {
        throw new UnsupportedOperationException("the sink only receives batches");
    }

    @Override
    public Integer parse(InputStream stream) {
        try {
            CodedInputStream in = CodedInputStream.newInstance(stream);
            int events = 0;
            int tag;
            while ((tag = in.readTag()) != 0) {
                if (WireFormat.getTagFieldNumber(tag) == EVENTS_FIELD) {
                    events++;
                }
                in.skipField(tag);
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
