package io.sluice.alert.channel;

/**
 * One delivery attempt of a notification.
 *
 * @param attempt 1 for the first attempt
 * @param startedAt epoch milliseconds
 * @param durationMs how long it took
 * @param ok whether the channel accepted the message
 * @param retryable when it failed, whether it was worth retrying
 * @param error what went wrong, else null
 */
public record AttemptRecord(int attempt, long startedAt, long durationMs, boolean ok, boolean retryable, String error) {
}
