package io.sluice.analytics;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs analytics-service on its own (HTTP 8083; no gRPC server, it is a client of alert-service). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AnalyticsConfiguration.class)
public class AnalyticsApplication {

    /** Starts the service with its default ports; any property can still be overridden. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(AnalyticsApplication.class);
        app.setDefaultProperties(Map.of(
                "spring.application.name", "analytics-service",
                "server.port", "8083",
                "spring.grpc.server.enabled", "false",
                "management.endpoints.web.exposure.include", "health,info,prometheus"));
        app.run(args);
    }
}
