package io.sluice.agent.core;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Attributes that are the same for every event of this process: the Kubernetes pod and namespace
 * (from {@code POD_NAME}, {@code POD_NAMESPACE} or {@code KUBERNETES_NAMESPACE}, as the downward
 * API usually exposes them) and the application version, named as OpenTelemetry names them.
 */
public final class RuntimeContext {

    private RuntimeContext() {
    }

    /** The attributes from the process environment and {@code appVersion} (may be null). */
    public static Map<String, String> staticAttributes(String appVersion) {
        return staticAttributes(System::getenv, appVersion);
    }

    static Map<String, String> staticAttributes(UnaryOperator<String> env, String appVersion) {
        Map<String, String> attributes = new LinkedHashMap<>();
        String pod = firstText(env.apply("POD_NAME"),
                env.apply("KUBERNETES_SERVICE_HOST") != null ? env.apply("HOSTNAME") : null);
        put(attributes, "k8s.pod.name", pod);
        put(attributes, "k8s.namespace.name", firstText(env.apply("POD_NAMESPACE"), env.apply("KUBERNETES_NAMESPACE")));
        put(attributes, "service.version", appVersion);
        return attributes;
    }

    private static String firstText(String a, String b) {
        return a != null && !a.isBlank() ? a.trim() : b != null && !b.isBlank() ? b.trim() : null;
    }

    private static void put(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.trim());
        }
    }
}
