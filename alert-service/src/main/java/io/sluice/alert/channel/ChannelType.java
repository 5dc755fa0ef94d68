package io.sluice.alert.channel;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The kinds of channel a notification can be delivered through; JSON form lower case. */
public enum ChannelType {
    /** Alertmanager-compatible JSON POSTed to any URL. */
    WEBHOOK,
    /** A mail over SMTP. */
    EMAIL,
    /** A Slack incoming webhook. */
    SLACK,
    /** A DingTalk group robot (optionally signed with HMAC-SHA256). */
    DINGTALK,
    /** A WeCom (企业微信) group robot. */
    WECOM,
    /** A Feishu/Lark custom bot (optionally signed). */
    FEISHU;

    /** The lower-case name used in the API and the table. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type named {@code s} (any case), or null. */
    public static ChannelType parse(String s) {
        if (s == null) {
            return null;
        }
        for (ChannelType t : values()) {
            if (t.name().equalsIgnoreCase(s.trim())) {
                return t;
            }
        }
        return null;
    }
}
