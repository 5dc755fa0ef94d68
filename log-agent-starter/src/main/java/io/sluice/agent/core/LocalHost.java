package io.sluice.agent.core;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The default {@code host} label: the {@code HOSTNAME} (or Windows {@code COMPUTERNAME})
 * environment variable, which is the pod name on Kubernetes, else the local host name.
 */
public final class LocalHost {

    private LocalHost() {
    }

    /** This machine's (or pod's) name; {@code localhost} when none can be found. */
    public static String name() {
        for (String variable : new String[] {"HOSTNAME", "COMPUTERNAME"}) {
            String value = System.getenv(variable);
            if (value != null && !value.isBlank()) {
                return value.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
