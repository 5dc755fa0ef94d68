package io.sluice.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.scheduler.Schedulers;
import reactor.test.StepVerifier;

/**
 * The e-mail channel through Jakarta Mail (Angus) to a real SMTP server (GreenMail) on a loopback
 * port: the mail that arrives, SMTP AUTH, and which failures are worth a retry.
 */
class EmailSenderTest {

    private static final GreenMail SMTP = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP).dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("alerts@sluice.test", "alerts", "s3cret"));
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:30:00Z"), ZoneOffset.UTC);
    private static final MessageTemplates TEMPLATES = new MessageTemplates("");
    /** Generous: the machine is shared and slow; timeouts are not what these tests are about. */
    private final EmailSender sender = new EmailSender(TEMPLATES, Duration.ofSeconds(30), Schedulers.boundedElastic(), CLOCK);

    @BeforeAll
    static void start() {
        SMTP.start();
    }

    @AfterAll
    static void stop() {
        SMTP.stop();
    }

    @BeforeEach
    void empty() throws Exception {
        SMTP.purgeEmailFromAllMailboxes();
    }

    @Test
    void theMailArrivesWithRenderedSubjectBodyAndEveryRecipient() throws Exception {
        Channel channel = channel(Map.of("username", "alerts", "password", "s3cret", "subject", "[{{STATUS}}] {{commonLabels.alertname}} in {{tenant}}",
                "to", List.of("oncall@acme.test", "sre@acme.test")));
        Message message = TEMPLATES.message(channel, ChannelSendersTest.NOTIFICATION);

        StepVerifier.create(sender.send(channel, message)).verifyComplete();

        assertThat(SMTP.waitForIncomingEmail(10_000, 2)).isTrue();
        MimeMessage[] received = SMTP.getReceivedMessages();
        assertThat(received).hasSize(2);
        MimeMessage mail = received[0];
        assertThat(mail.getSubject()).isEqualTo("[FIRING] HighErrorRate in acme");
        assertThat(List.of(mail.getFrom())).extracting(Address::toString).containsExactly("Sluice <alerts@sluice.test>");
        assertThat(List.of(mail.getAllRecipients())).extracting(Address::toString).containsExactly("oncall@acme.test", "sre@acme.test");
        assertThat(mail.getContentType()).contains("text/plain").containsIgnoringCase("charset=UTF-8");
        assertThat(mail.getSentDate().toInstant()).isEqualTo(Instant.parse("2026-11-25T09:30:00Z"));
        assertThat(((String) mail.getContent()).replace("\r\n", "\n")).isEqualTo(message.text());
        assertThat(message.text()).contains("[FIRING] HighErrorRate: checkout: 153 errors in 1m", "value: 153");
    }

    @Test
    void withoutASubjectTemplateTheSubjectIsTheTitle() throws Exception {
        Channel channel = channel(Map.of("username", "alerts", "password", "s3cret", "to", "oncall@acme.test"));

        StepVerifier.create(sender.send(channel, TEMPLATES.message(channel, ChannelSendersTest.NOTIFICATION))).verifyComplete();

        assertThat(SMTP.waitForIncomingEmail(10_000, 1)).isTrue();
        assertThat(SMTP.getReceivedMessages()[0].getSubject()).isEqualTo("[FIRING:1] HighErrorRate (acme)");
    }

    @Test
    void aRejectedPasswordIsNotRetryable() {
        Channel channel = channel(Map.of("username", "alerts", "password", "wrong", "to", "oncall@acme.test"));

        StepVerifier.create(sender.send(channel, TEMPLATES.message(channel, ChannelSendersTest.NOTIFICATION))).verifyErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(DeliveryException.class).hasMessageStartingWith("SMTP authentication failed");
            assertThat(((DeliveryException) e).retryable()).isFalse();
        });
    }

    @Test
    void anUnreachableServerIsRetryable() {
        Map<String, Object> settings = new LinkedHashMap<>(Map.of("host", "127.0.0.1", "port", 1, "from", "alerts@sluice.test", "to", "x@acme.test"));
        Channel channel = new Channel(7, "acme", "mail", ChannelType.EMAIL, settings, null, 0, 0);

        StepVerifier.create(sender.send(channel, TEMPLATES.message(channel, ChannelSendersTest.NOTIFICATION))).verifyErrorSatisfies(e -> {
            assertThat(e).isInstanceOf(DeliveryException.class).hasMessageContaining("Connection refused");
            assertThat(((DeliveryException) e).retryable()).isTrue();
        });
    }

    private static Channel channel(Map<String, Object> extra) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("host", "127.0.0.1");
        settings.put("port", SMTP.getSmtp().getPort());
        settings.put("from", "Sluice <alerts@sluice.test>");
        settings.putAll(extra);
        return new Channel(7, "acme", "mail", ChannelType.EMAIL, settings, null, 0, 0);
    }
}
