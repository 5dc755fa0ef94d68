package io.sluice.alert.channel;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The {@link ChannelSender} of every {@link ChannelType}; construction fails when one is missing. */
public final class ChannelSenders {

    private final Map<ChannelType, ChannelSender> byType;

    /** Indexes {@code senders} by type; each type exactly once. */
    public ChannelSenders(List<ChannelSender> senders) {
        Map<ChannelType, ChannelSender> map = new EnumMap<>(ChannelType.class);
        for (ChannelSender s : senders) {
            if (map.put(s.type(), s) != null) {
                throw new IllegalArgumentException("two senders for " + s.type());
            }
        }
        for (ChannelType t : ChannelType.values()) {
            if (!map.containsKey(t)) {
                throw new IllegalArgumentException("no sender for " + t);
            }
        }
        this.byType = Collections.unmodifiableMap(map);
    }

    /** Type → sender, for every type. */
    public Map<ChannelType, ChannelSender> byType() {
        return byType;
    }
}
