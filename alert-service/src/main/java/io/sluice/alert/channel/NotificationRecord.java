package io.sluice.alert.channel;

/**
 * One notification in the history, as {@code GET /api/v1/alert/notifications} lists it.
 *
 * @param id history id
 * @param tenant the tenant it was dispatched for
 * @param channelId the channel's id; null when no channel had the receiver's name
 * @param channel the receiver (channel name)
 * @param channelType the channel's type; null when there was no such channel
 * @param status {@code PENDING} (being delivered), {@code SENT} or {@code FAILED}
 * @param groupStatus {@code firing} or {@code resolved}
 * @param groupKey the group's key
 * @param alertCount alerts in the notification
 * @param test whether it came from the "send test" action
 * @param attempts delivery attempts so far
 * @param error the last error when failed, else null
 * @param createdAt epoch milliseconds it was handed to the dispatcher
 * @param finishedAt epoch milliseconds it became SENT or FAILED, else null
 */
public record NotificationRecord(long id, String tenant, Long channelId, String channel, String channelType, String status,
        String groupStatus, String groupKey, int alertCount, boolean test, int attempts, String error, long createdAt, Long finishedAt) {
}
