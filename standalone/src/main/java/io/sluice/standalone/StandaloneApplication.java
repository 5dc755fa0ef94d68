package io.sluice.standalone;

import io.sluice.admin.AdminConfiguration;
import io.sluice.alert.AlertConfiguration;
import io.sluice.analytics.AnalyticsConfiguration;
import io.sluice.ingest.IngestConfiguration;
import io.sluice.pipeline.PipelineConfiguration;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Import;

/**
 * Every Sluice service in one JVM: one HTTP server (8080) and one gRPC server (4317), each service
 * switched by {@code sluice.<service>.enabled}. Starts embedded Redis and MariaDB when no external
 * ones are configured (see {@link EmbeddedServersListener}), and generates, saves and prints an API
 * key on the first start when none is configured (see {@link BootstrapKeyListener}).
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(StandaloneProperties.class)
@Import({IngestConfiguration.class, PipelineConfiguration.class, AnalyticsConfiguration.class,
        AlertConfiguration.class, AdminConfiguration.class})
public class StandaloneApplication {

    /** Defaults of the all-in-one process; every one can be overridden (args, env, properties). */
    static final Map<String, Object> DEFAULTS = Map.of(
            "server.port", "8080",
            "spring.grpc.server.port", "4317",
            "sluice.analytics.alert-target", "static://localhost:${spring.grpc.server.port}",
            "sluice.admin.analytics-url", "http://localhost:${server.port}",
            "management.endpoints.web.exposure.include", "health,info,prometheus",
            "spring.application.name", "sluice-standalone");

    public static void main(String[] args) {
        create().run(args);
    }

    /** The application as {@link #main} runs it: defaults plus the embedded-servers listener. */
    static SpringApplication create() {
        SpringApplication app = new SpringApplication(StandaloneApplication.class);
        app.setDefaultProperties(DEFAULTS);
        app.addListeners(new EmbeddedServersListener(), new BootstrapKeyListener(System.out));
        return app;
    }
}
