package io.sluice.alert.channel;

import io.sluice.alert.notify.Notification;

/**
 * A notification rendered for one channel: what a {@link ChannelSender} sends.
 *
 * @param notification the notification itself (the generic webhook sends it as Alertmanager JSON)
 * @param title one-line summary, e.g. {@code [FIRING:2] HighErrorRate} (mail subject, DingTalk title)
 * @param text the channel's template rendered against the notification
 */
public record Message(Notification notification, String title, String text) {
}
