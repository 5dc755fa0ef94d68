package io.sluice.agent.logback;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SluiceAppenderTest {

    @Test
    void ignoresTheAgentsOwnAndItsTransportsLoggers() {
        assertThat(SluiceAppender.isIgnored("io.sluice.agent.core.LogAgent")).isTrue();
        assertThat(SluiceAppender.isIgnored("io.grpc.internal.ManagedChannelImpl")).isTrue();
        assertThat(SluiceAppender.isIgnored("io.grpc.netty.shaded.io.netty.channel.DefaultChannelPipeline")).isTrue();
        assertThat(SluiceAppender.isIgnored("io.netty.util.ResourceLeakDetector")).isTrue();
        assertThat(SluiceAppender.isIgnored("io.grpc")).isTrue();
    }

    @Test
    void shipsEverythingElseIncludingLookAlikeNames() {
        assertThat(SluiceAppender.isIgnored("io.grpcio.Client")).isFalse();
        assertThat(SluiceAppender.isIgnored("io.sluice.agentx.Foo")).isFalse();
        assertThat(SluiceAppender.isIgnored("io.sluice.ingest.IngestService")).isFalse();
        assertThat(SluiceAppender.isIgnored("com.example.Checkout")).isFalse();
        assertThat(SluiceAppender.isIgnored(null)).isFalse();
    }

    @Test
    void mapsLogbackLevelsToSeverities() {
        assertThat(SluiceAppender.severity(ch.qos.logback.classic.Level.TRACE)).isEqualTo(io.sluice.agent.core.Severity.TRACE);
        assertThat(SluiceAppender.severity(ch.qos.logback.classic.Level.DEBUG)).isEqualTo(io.sluice.agent.core.Severity.DEBUG);
        assertThat(SluiceAppender.severity(ch.qos.logback.classic.Level.INFO)).isEqualTo(io.sluice.agent.core.Severity.INFO);
        assertThat(SluiceAppender.severity(ch.qos.logback.classic.Level.WARN)).isEqualTo(io.sluice.agent.core.Severity.WARN);
        assertThat(SluiceAppender.severity(ch.qos.logback.classic.Level.ERROR)).isEqualTo(io.sluice.agent.core.Severity.ERROR);
    }
}
