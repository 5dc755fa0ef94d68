package io.sluice.alert.channel;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The request signatures of the chat robots whose "signed" security setting is on. Pure.
 * <ul>
 * <li>DingTalk: {@code base64(HmacSHA256(key = secret, data = timestampMillis + "\n" + secret))},
 *     sent URL-encoded as the {@code sign} query parameter beside {@code timestamp}.</li>
 * <li>Feishu/Lark: {@code base64(HmacSHA256(key = timestampSeconds + "\n" + secret, data = empty))}
 *     (the string is the key, by Feishu's design), sent in the body beside {@code timestamp}.</li>
 * </ul>
 */
public final class RobotSigns {

    private RobotSigns() {
    }

    /** DingTalk's {@code sign} (before URL encoding) for {@code timestampMillis}. */
    public static String dingTalk(String secret, long timestampMillis) {
        return base64(hmac(secret.getBytes(StandardCharsets.UTF_8), (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    /** Feishu's {@code sign} for {@code timestampSeconds}. */
    public static String feishu(String secret, long timestampSeconds) {
        return base64(hmac((timestampSeconds + "\n" + secret).getBytes(StandardCharsets.UTF_8), new byte[0]));
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JRE", e);
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
