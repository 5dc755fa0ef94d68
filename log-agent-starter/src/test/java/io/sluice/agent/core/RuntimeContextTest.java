package io.sluice.agent.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RuntimeContextTest {

    @Test
    void takesPodNamespaceAndVersionFromTheDownwardApiVariables() {
        Map<String, String> env = Map.of("POD_NAME", "checkout-7d9f", "POD_NAMESPACE", "shop", "HOSTNAME", "ignored");

        assertThat(RuntimeContext.staticAttributes(env::get, "1.4.2")).containsExactly(
                Map.entry("k8s.pod.name", "checkout-7d9f"),
                Map.entry("k8s.namespace.name", "shop"),
                Map.entry("service.version", "1.4.2"));
    }

    @Test
    void fallsBackToHostnameInsideKubernetesAndToKubernetesNamespace() {
        Map<String, String> env = Map.of("KUBERNETES_SERVICE_HOST", "10.0.0.1", "HOSTNAME", "pod-3",
                "KUBERNETES_NAMESPACE", "billing");

        assertThat(RuntimeContext.staticAttributes(env::get, null))
                .containsOnly(Map.entry("k8s.pod.name", "pod-3"), Map.entry("k8s.namespace.name", "billing"));
    }

    @Test
    void addsNothingOutsideKubernetesWithoutAVersion() {
        assertThat(RuntimeContext.staticAttributes(Map.of("HOSTNAME", "laptop")::get, " ")).isEmpty();
    }
}
