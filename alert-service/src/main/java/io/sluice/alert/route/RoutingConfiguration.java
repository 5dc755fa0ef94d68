package io.sluice.alert.route;

import io.r2dbc.pool.ConnectionPool;
import io.sluice.alert.AlertSchema;
import io.sluice.alert.channel.Channel;
import io.sluice.alert.channel.ChannelRepository;
import io.sluice.alert.notify.NotificationDispatcher;
import io.sluice.alert.silence.SilenceController;
import io.sluice.alert.silence.SilenceRepository;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/**
 * Alert routing (routing tree, grouping, silences, inhibition) of alert-service: its stores in
 * MySQL, the group flusher, the router the evaluator hands alerts to, and the HTTP API. Imported
 * by {@code AlertConfiguration}; bean names are alert-specific.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RouteProperties.class)
public class RoutingConfiguration {

    private static final Clock CLOCK = Clock.systemUTC();

    @Bean
    RouteConfigRepository alertRouteConfigRepository(DatabaseClient db, AlertSchema schema) {
        return new RouteConfigRepository(db);
    }

    @Bean
    AlertStore alertStore(DatabaseClient db, AlertSchema schema) {
        return new AlertStore(db);
    }

    @Bean
    GroupRepository alertGroupRepository(DatabaseClient db, AlertSchema schema) {
        return new GroupRepository(db);
    }

    @Bean
    SilenceRepository alertSilenceRepository(DatabaseClient db, AlertSchema schema) {
        return new SilenceRepository(db);
    }

    @Bean
    GroupFlusher alertGroupFlusher(GroupRepository groups, AlertStore alerts, RouteConfigRepository configs, SilenceRepository silences,
            NotificationDispatcher dispatcher, ConnectionPool pool, RouteProperties properties) {
        TransactionalOperator tx = TransactionalOperator.create(new R2dbcTransactionManager(pool));
        return new GroupFlusher(groups, alerts, configs, silences, dispatcher, tx, CLOCK, properties);
    }

    @Bean
    AlertRouter alertRouter(RouteConfigRepository configs, AlertStore alerts, GroupRepository groups, GroupFlusher flusher) {
        return new AlertRouter(configs, alerts, groups, flusher);
    }

    @Bean
    RouteController alertRouteController(RouteConfigRepository configs, GroupRepository groups, AlertRouter router, ChannelRepository channels) {
        return new RouteController(configs, groups, router, tenant -> channels.findAll(tenant).map(Channel::name), CLOCK);
    }

    @Bean
    SilenceController alertSilenceController(SilenceRepository silences, AlertRouter router) {
        return new SilenceController(silences, router, CLOCK);
    }

    @Bean
    RoutingApiErrors alertRoutingApiErrors() {
        return new RoutingApiErrors();
    }
}
