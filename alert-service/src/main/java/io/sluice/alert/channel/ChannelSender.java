package io.sluice.alert.channel;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Delivers rendered messages through one {@link ChannelType}, in that type's real message shape.
 * One attempt per subscription (retries are the dispatcher's); fails with a
 * {@link DeliveryException}. Never blocks the subscribing thread.
 */
public interface ChannelSender {

    /** The type this sender serves. */
    ChannelType type();

    /** Adds a message per invalid setting to {@code errors} (key {@code settings.<name>}). */
    void validate(Map<String, Object> settings, Map<String, String> errors);

    /** One attempt to deliver {@code message} through {@code channel}. */
    Mono<Void> send(Channel channel, Message message);
}
