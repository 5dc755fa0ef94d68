package io.sluice.ingest.tcp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Cuts a TCP byte stream into {@link Frame}s: LF-terminated lines (a trailing CR is dropped), and,
 * when octet counting is on, RFC 6587 octet-counted frames ({@code LEN SP MSG}) too, detected per
 * frame by a leading non-zero digit. A frame longer than {@code maxFrameLength} keeps its first
 * {@code maxFrameLength} bytes and is marked truncated; the rest is skipped and the stream goes on
 * with the next frame. Blank lines are skipped. When the input ends (the peer closed its sending
 * side; the channel must allow half-closure to see this), what is left is emitted and then
 * {@link Frame#END_OF_INPUT}, so the reader can finish storing before it closes the connection. Memory per connection is bounded by
 * {@code maxFrameLength}. Never throws on any input; one instance per connection.
 */
public final class FrameDecoder extends ByteToMessageDecoder {

    /** Longest length prefix: 9 digits, so a declared length always fits an int. */
    private static final int MAX_LENGTH_DIGITS = 9;

    private enum State { START, OCTET_BODY, LINE }

    private final int maxFrameLength;
    private final boolean octetCounting;
    private State state = State.START;
    private byte[] frame = new byte[256];
    private int size;
    private boolean truncated;
    private long remaining;

    /** A decoder keeping at most {@code maxFrameLength} bytes per frame. */
    public FrameDecoder(int maxFrameLength, boolean octetCounting) {
        if (maxFrameLength < 1) {
            throw new IllegalArgumentException("maxFrameLength must be positive");
        }
        this.maxFrameLength = maxFrameLength;
        this.octetCounting = octetCounting;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            switch (state) {
                case START -> {
                    if (!start(in)) {
                        return;
                    }
                }
                case OCTET_BODY -> octetBody(in, out);
                case LINE -> line(in, out);
            }
        }
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (state == State.START && in.isReadable()) {
            // a length prefix still waiting for its space: the stream ended in it
            state = State.LINE;
            line(in, out);
        }
        if (state == State.LINE && size > 0) {
            emit(out);
        } else if (state == State.OCTET_BODY) {
            out.add(new Frame(copy(), truncated, "the connection closed " + remaining + " bytes before the end of an octet-counted frame"));
            reset();
        }
        in.skipBytes(in.readableBytes());
        out.add(Frame.END_OF_INPUT);
    }

    /** Chooses the framing of the next frame; false when more bytes are needed to decide. */
    private boolean start(ByteBuf in) {
        byte first = in.getByte(in.readerIndex());
        if (first == '\n' || first == '\r' || first == 0) {
            in.skipBytes(1);
            return true;
        }
        if (!octetCounting || first < '1' || first > '9') {
            state = State.LINE;
            return true;
        }
        int scan = Math.min(in.readableBytes(), MAX_LENGTH_DIGITS + 1);
        long length = 0;
        for (int i = 0; i < scan; i++) {
            byte b = in.getByte(in.readerIndex() + i);
            if (b == ' ' && i > 0) {
                in.skipBytes(i + 1);
                remaining = length;
                state = State.OCTET_BODY;
                return true;
            }
            if (b < '0' || b > '9' || i == MAX_LENGTH_DIGITS) {
                state = State.LINE;
                return true;
            }
            length = length * 10 + (b - '0');
        }
        return false;
    }

    private void octetBody(ByteBuf in, List<Object> out) {
        int take = (int) Math.min(in.readableBytes(), remaining);
        append(in, take);
        remaining -= take;
        if (remaining == 0) {
            emit(out);
        }
    }

    private void line(ByteBuf in, List<Object> out) {
        int end = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (end < 0) {
            append(in, in.readableBytes());
            return;
        }
        append(in, end - in.readerIndex());
        in.skipBytes(1);
        if (size > 0 && frame[size - 1] == '\r' && !truncated) {
            size--;
        }
        if (size > 0) {
            emit(out);
        } else {
            reset();
        }
    }

    /** Keeps up to the frame limit of the next {@code length} bytes and skips the rest. */
    private void append(ByteBuf in, int length) {
        int keep = Math.min(length, maxFrameLength - size);
        if (keep > 0) {
            if (size + keep > frame.length) {
                frame = Arrays.copyOf(frame, (int) Math.min(maxFrameLength, Math.max(size + keep, 2L * frame.length)));
            }
            in.readBytes(frame, size, keep);
            size += keep;
        }
        if (length > keep) {
            truncated = true;
            in.skipBytes(length - keep);
        }
    }

    private void emit(List<Object> out) {
        out.add(Frame.of(copy(), truncated));
        reset();
    }

    private byte[] copy() {
        return Arrays.copyOf(frame, size);
    }

    private void reset() {
        state = State.START;
        size = 0;
        truncated = false;
        remaining = 0;
        if (frame.length > 4096) {
            frame = new byte[256];
        }
    }
}
