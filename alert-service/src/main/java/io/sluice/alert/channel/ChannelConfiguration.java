package io.sluice.alert.channel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.netty.channel.ChannelOption;
import io.sluice.alert.AlertSchema;
import io.sluice.alert.notify.NotificationDispatcher;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;

/**
 * Notification channels of alert-service: channels and the notification history in MySQL, their
 * HTTP API, one sender per channel type, and the {@link NotificationDispatcher} the router calls.
 * Imported by {@code AlertConfiguration}; no bean here is of a general type (WebClient, Clock), so
 * nothing collides with other services in the standalone.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChannelProperties.class)
public class ChannelConfiguration {

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    ChannelRepository alertChannelRepository(DatabaseClient db, AlertSchema schema) {
        return new ChannelRepository(db);
    }

    @Bean
    NotificationHistory alertNotificationHistory(DatabaseClient db, AlertSchema schema, ChannelProperties properties) {
        return new NotificationHistory(db, properties.externalUrl(), properties.redeliveryAfter());
    }

    @Bean
    MessageTemplates alertMessageTemplates(ChannelProperties properties) {
        return new MessageTemplates(properties.externalUrl());
    }

    @Bean
    ChannelSenders alertChannelSenders(ObjectProvider<WebClient.Builder> builders, MessageTemplates templates, ChannelProperties properties) {
        HttpClient client = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, properties.timeout().toMillis()))
                .responseTimeout(properties.timeout());
        WebClient web = builders.getIfAvailable(WebClient::builder).clone().clientConnector(new ReactorClientHttpConnector(client)).build();
        HttpDelivery http = new HttpDelivery(web, properties.timeout());
        return new ChannelSenders(List.of(
                new WebhookSender(http, properties.externalUrl()),
                new EmailSender(templates, properties.timeout(), Schedulers.boundedElastic(), CLOCK),
                new SlackSender(http),
                new DingTalkSender(http, CLOCK),
                new WeComSender(http),
                new FeishuSender(http, CLOCK)));
    }

    @Bean
    ChannelDispatcher alertNotificationDispatcher(ChannelRepository channels, NotificationHistory history, ChannelSenders senders,
            MessageTemplates templates, ChannelProperties properties, ObjectProvider<MeterRegistry> meters) {
        return new ChannelDispatcher(channels, history, senders.byType(), templates, properties,
                new DeliveryMetrics(meters.getIfAvailable(() -> Metrics.globalRegistry)), CLOCK);
    }

    @Bean
    PendingRedelivery alertPendingRedelivery(NotificationHistory history, ChannelDispatcher dispatcher, ChannelProperties properties) {
        return new PendingRedelivery(history, dispatcher, properties.redeliveryInterval(), CLOCK);
    }

    @Bean
    ChannelController alertChannelController(ChannelRepository channels, ChannelSenders senders, MessageTemplates templates,
            ChannelDispatcher dispatcher) {
        return new ChannelController(channels, new ChannelValidator(senders.byType(), templates), dispatcher, CLOCK);
    }

    @Bean
    NotificationController alertNotificationController(NotificationHistory history) {
        return new NotificationController(history);
    }

    @Bean
    ChannelApiErrors alertChannelApiErrors() {
        return new ChannelApiErrors();
    }
}
