package io.sluice.ingest.tcp;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

    private static List<Frame> decode(FrameDecoder decoder, boolean close, String... chunks) {
        EmbeddedChannel channel = new EmbeddedChannel(decoder);
        for (String chunk : chunks) {
            channel.writeInbound(Unpooled.copiedBuffer(chunk, StandardCharsets.ISO_8859_1));
        }
        if (close) {
            channel.finish();
        }
        List<Frame> frames = new ArrayList<>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            frames.add((Frame) o);
        }
        if (close) {
            assertThat(frames).as("the end-of-input marker comes last").last().isSameAs(Frame.END_OF_INPUT);
            frames.remove(frames.size() - 1);
        }
        return frames;
    }

    private static List<String> texts(List<Frame> frames) {
        return frames.stream().map(f -> new String(f.bytes(), StandardCharsets.ISO_8859_1)).toList();
    }

    @Test
    void detectsOctetCountingAndLfFramingPerFrame() {
        List<Frame> frames = decode(new FrameDecoder(1024, true), false,
                "10 <13>1 a\nb", "c\n<14>lf line\r\n", "5 ab", "cde\n\n7 <1>x yz");
        assertThat(texts(frames)).containsExactly("<13>1 a\nbc", "<14>lf line", "abcde", "<1>x yz");
        assertThat(frames).noneMatch(Frame::truncated);
    }

    @Test
    void waitsForALengthPrefixSplitAcrossReads() {
        assertThat(texts(decode(new FrameDecoder(1024, true), false, "1", "2", " hello world!"))).containsExactly("hello world!");
    }

    @Test
    void truncatesLongFramesAndGoesOnWithTheNext() {
        List<Frame> frames = decode(new FrameDecoder(4, true), false, "10 0123456789", "abcdefgh\n", "ok\n");
        assertThat(texts(frames)).containsExactly("0123", "abcd", "ok");
        assertThat(frames).extracting(Frame::truncated).containsExactly(true, true, false);
    }

    @Test
    void treatsDigitsWithoutASpaceAsALine() {
        assertThat(texts(decode(new FrameDecoder(1024, true), false, "1234567890123 not a length\n12x\n")))
                .containsExactly("1234567890123 not a length", "12x");
    }

    @Test
    void lineModeNeverReadsLengths() {
        assertThat(texts(decode(new FrameDecoder(1024, false), false, "5 {\"a\":1}\n{}\n"))).containsExactly("5 {\"a\":1}", "{}");
    }

    @Test
    void emitsAnUnterminatedLastLineAndReportsACutOctetFrameAtClose() {
        assertThat(texts(decode(new FrameDecoder(1024, true), true, "a\nlast"))).containsExactly("a", "last");
        List<Frame> cut = decode(new FrameDecoder(1024, true), true, "10 abc");
        assertThat(cut).hasSize(1);
        assertThat(cut.get(0).problem()).contains("7 bytes before the end");
    }
}
