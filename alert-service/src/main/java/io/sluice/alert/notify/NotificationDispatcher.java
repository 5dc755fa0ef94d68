package io.sluice.alert.notify;

import reactor.core.publisher.Mono;

/**
 * Delivers a group {@link Notification} to the channel named by its receiver, within a tenant.
 * Called by the router; the router decides <em>when</em> to notify, the dispatcher <em>how</em>.
 *
 * <p>Contract: the returned Mono completes with the final {@link DeliveryResult} once the message
 * was accepted or every retry failed, and the outcome has been recorded in the notification
 * history; it never errors (an unknown channel, a template that cannot render, an unreachable
 * server all end as {@link DeliveryResult.Outcome#FAILED}). Nothing happens until it is
 * subscribed; it does not block, so it may be subscribed from any thread. Retries take time (up to
 * the configured attempts × backoff): a caller that must not wait subscribes and moves on.
 */
public interface NotificationDispatcher {

    /** Renders and delivers {@code n} for {@code tenant}; see the interface contract. */
    Mono<DeliveryResult> dispatch(String tenant, Notification n);
}
