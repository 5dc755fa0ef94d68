package io.sluice.analytics.window;

import io.sluice.platform.redis.RedisKeys;

/** Names of the window statistics' and leaderboards' Redis keys (see docs/ARCHITECTURE.md, "Window statistics"). */
final class WindowKeys {

    private final RedisKeys keys;

    WindowKeys(RedisKeys keys) {
        this.keys = keys;
    }

    /**
     * {@code {p}analytics:window:{tenant}:{size}:{start}}: hash of one tumbling window;
     * {@code c|b TAB service TAB LEVEL TAB template} → events | message bytes and
     * {@code h TAB service TAB LEVEL TAB template TAB field TAB bucket} → values in that histogram bucket.
     */
    String window(String tenant, WindowSize size, long start) {
        return keys.key("analytics:window:" + tenant + ":" + size.label() + ":" + start);
    }

    /** {@code {p}analytics:window:done:{entryId}}: marks a buffer entry's window statistics as applied. */
    String done(String entryId) {
        return keys.key("analytics:window:done:" + entryId);
    }

    /** {@code {p}analytics:window:watermark:{tenant}}: largest event time (epoch ms) counted for the tenant. */
    String watermark(String tenant) {
        return keys.key("analytics:window:watermark:" + tenant);
    }

    /** {@code {p}analytics:window:late:{tenant}}: hash service → events dropped as later than the allowed lateness. */
    String late(String tenant) {
        return keys.key("analytics:window:late:" + tenant);
    }

    /** {@code {p}analytics:window:templates:{tenant}}: hash {@code service TAB template} → template text when first counted. */
    String templates(String tenant) {
        return keys.key("analytics:window:templates:" + tenant);
    }

    /** {@code {p}analytics:board:{tenant}:{board}:{1h|1d}:{start}}: sorted set of one leaderboard of one window. */
    String board(String tenant, Board board, BoardWindow window, long start) {
        return keys.key("analytics:board:" + tenant + ":" + board.label() + ":" + window.label() + ":" + start);
    }
}
