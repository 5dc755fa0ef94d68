package io.sluice.alert.channel;

import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a chat robot's answer: DingTalk, WeCom and Feishu answer HTTP 200 even when they refuse a
 * message, with an error code in the body ({@code errcode}, or {@code code} / {@code StatusCode}
 * for Feishu). Zero is success; a rate-limit code is retryable, any other is not.
 */
final class RobotReply {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private RobotReply() {
    }

    /**
     * Throws a {@link DeliveryException} unless {@code body} reports success.
     *
     * @param robot name used in the error message
     * @param body the HTTP 200 response body
     * @param rateLimited the robot's "too many messages" codes
     */
    static void check(String robot, String body, Set<Long> rateLimited) {
        JsonNode reply;
        try {
            reply = JSON.readTree(body);
        } catch (JacksonException e) {
            throw new DeliveryException(robot + " answered something that is not JSON: " + abbreviate(body), false);
        }
        JsonNode code = first(reply, "errcode", "code", "StatusCode");
        if (code == null || !code.isNumber()) {
            throw new DeliveryException(robot + " answered without an error code: " + abbreviate(body), false);
        }
        long value = code.asLong();
        if (value != 0) {
            JsonNode msg = first(reply, "errmsg", "msg", "StatusMessage");
            throw new DeliveryException(robot + " error " + value + (msg == null ? "" : ": " + msg.asString()), rateLimited.contains(value));
        }
    }

    private static JsonNode first(JsonNode node, String... names) {
        if (node == null || !node.isObject()) {
            return null;
        }
        for (String name : names) {
            if (node.has(name)) {
                return node.get(name);
            }
        }
        return null;
    }

    private static String abbreviate(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
