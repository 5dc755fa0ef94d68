package io.sluice.alert.ownership;

import io.lettuce.core.RedisClient;
import io.sluice.alert.AlertSchema;
import io.sluice.alert.evaluate.EvaluationScheduler;
import io.sluice.platform.redis.SluiceRedis;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Rule ownership of alert-service: slot leases in Redis with fencing tokens, the trigger that
 * passes evaluation requests to a rule's owner, and the ops API. Imported by
 * {@code AlertConfiguration}; bean names are alert-specific.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OwnershipProperties.class)
public class OwnershipConfiguration {

    @Bean
    LeaseStore alertLeaseStore(SluiceRedis redis) {
        return new LeaseStore(redis);
    }

    @Bean
    SlotOwnership alertSlotOwnership(LeaseStore store, DatabaseClient db, AlertSchema schema, OwnershipProperties properties) {
        String id = properties.instanceId().isEmpty() ? generatedId() : properties.instanceId();
        return new SlotOwnership(store, new RuleFences(db), id, properties);
    }

    @Bean
    OwnerTrigger alertOwnerTrigger(SlotOwnership ownership, EvaluationScheduler scheduler, SluiceRedis redis) {
        return new OwnerTrigger(ownership, scheduler, redis);
    }

    @Bean
    EvaluateRequests alertEvaluateRequests(RedisClient client, SluiceRedis redis, SlotOwnership ownership, EvaluationScheduler scheduler) {
        return new EvaluateRequests(client, OwnerTrigger.channel(redis), ownership, scheduler);
    }

    @Bean
    OwnershipController alertOwnershipController(LeaseStore store, SlotOwnership ownership, OwnershipProperties properties) {
        return new OwnershipController(store, ownership, properties);
    }

    private static String generatedId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "host";
        }
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
