package io.sluice.alert;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs alert-service on its own (HTTP 8084, gRPC {@code AlertIntake} 9317). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AlertConfiguration.class)
public class AlertApplication {

    /** Starts the service with its default ports; any property can still be overridden. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(AlertApplication.class);
        app.setDefaultProperties(Map.of(
                "spring.application.name", "alert-service",
                "server.port", "8084",
                "spring.grpc.server.port", "9317",
                "management.endpoints.web.exposure.include", "health,info,prometheus"));
        app.run(args);
    }
}
