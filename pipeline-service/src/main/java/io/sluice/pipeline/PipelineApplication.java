package io.sluice.pipeline;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs pipeline-service alone (HTTP 8082 for actuator health, info and prometheus). */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(PipelineConfiguration.class)
public class PipelineApplication {

    /** Default properties of a standalone pipeline-service process. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "server.port", "8082",
            "spring.application.name", "sluice-pipeline",
            "management.endpoints.web.exposure.include", "health,info,prometheus");

    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(PipelineApplication.class);
        app.setDefaultProperties(DEFAULTS);
        app.run(args);
    }
}
