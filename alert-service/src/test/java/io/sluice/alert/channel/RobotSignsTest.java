package io.sluice.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The robot signatures, against vectors computed with Python's hmac module from the robots' documented recipes. */
class RobotSignsTest {

    @Test
    void dingTalkSignsTimestampNewlineSecretKeyedWithTheSecret() {
        assertThat(RobotSigns.dingTalk("SECabc123", 1_700_000_000_000L)).isEqualTo("N5P09a4+p1AMJIJWnIvQd2Yxw9+fu/oEBnPrjCcsLXk=");
    }

    @Test
    void feishuSignsAnEmptyMessageKeyedWithTimestampNewlineSecret() {
        assertThat(RobotSigns.feishu("feishu-secret", 1_700_000_000L)).isEqualTo("OrBzY1Y01Gq+HgJsl+7OfWcMVwc7YocohQm5iiZwjhU=");
    }
}
