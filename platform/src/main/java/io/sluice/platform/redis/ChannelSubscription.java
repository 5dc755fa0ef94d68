package io.sluice.platform.redis;

import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.retry.Retry;

/**
 * A subscription to one Redis pub/sub channel that outlives Redis outages: once started it
 * subscribes in the background, retrying with backoff while Redis is unreachable, and hands each
 * message to {@link #received(String)}. Messages published while the subscription is down are
 * lost, so {@link #catchUp()} runs whenever the subscription is established or its connection
 * reconnects. Exists so that the processes' change channels (API key invalidations, pipeline rule
 * changes) share one subscribe and resubscribe logic.
 */
public abstract class ChannelSubscription implements SmartLifecycle {

    private final Logger log = LoggerFactory.getLogger(getClass());

    private final RedisClient client;
    private final String channel;
    private volatile StatefulRedisPubSubConnection<String, String> connection;
    private volatile Disposable connecting;
    private volatile boolean running;
    private final RedisConnectionStateListener reconnects = new RedisConnectionStateListener() {
        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
            if (handler == connection) {
                catchUp();
            }
        }
    };

    /** Subscribes to {@code channel} with {@code client} once started. */
    protected ChannelSubscription(RedisClient client, String channel) {
        this.client = client;
        this.channel = channel;
    }

    /** Handles a message published on the channel. */
    protected abstract void received(String message);

    /** Makes up for the messages missed while unsubscribed; runs each time the subscription is (re)established. */
    protected abstract void catchUp();

    /** The channel name. */
    public String channel() {
        return channel;
    }

    /** Whether the subscription is established. */
    public boolean subscribed() {
        StatefulRedisPubSubConnection<String, String> c = connection;
        return c != null && c.isOpen();
    }

    @Override
    public synchronized void start() {
        running = true;
        client.addListener(reconnects);
        connecting = Mono.fromRunnable(this::subscribe)
                .subscribeOn(Schedulers.boundedElastic())
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(500)).maxBackoff(Duration.ofSeconds(10))
                        .doBeforeRetry(s -> log.warn("cannot subscribe to {} yet ({}); retrying", channel, s.failure().toString())))
                .subscribe();
    }

    private void subscribe() {
        if (!running) {
            return;
        }
        StatefulRedisPubSubConnection<String, String> c = client.connectPubSub();
        c.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String from, String message) {
                received(message);
            }
        });
        c.sync().subscribe(channel);
        connection = c;
        catchUp();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (connecting != null) {
            connecting.dispose();
        }
        client.removeListener(reconnects);
        if (connection != null) {
            connection.close();
            connection = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
