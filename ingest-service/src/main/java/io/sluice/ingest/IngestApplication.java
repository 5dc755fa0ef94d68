package io.sluice.ingest;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Runs ingest-service on its own: HTTP on 8081 ({@code POST /api/v1/logs}, actuator) and gRPC on
 * 4317 ({@code IngestService}). Defaults are default properties, so any property source overrides
 * them.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(IngestConfiguration.class)
public class IngestApplication {

    /** Default properties of the standalone ingest process. */
    public static Map<String, Object> defaultProperties() {
        return Map.of(
                "spring.application.name", "sluice-ingest",
                "server.port", 8081,
                "spring.grpc.server.port", 4317,
                "management.endpoints.web.exposure.include", "health,info,prometheus");
    }

    /** Starts the service. */
    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(IngestApplication.class);
        application.setDefaultProperties(defaultProperties());
        application.run(args);
    }
}
