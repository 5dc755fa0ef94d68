package io.sluice.admin;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/** Runs admin-ui on its own: the console and the search API on port 8080. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(AdminConfiguration.class)
public class AdminApplication {

    /** Starts admin-ui; command-line arguments and the environment override the defaults. */
    public static void main(String[] args) {
        SpringApplication app = new SpringApplication(AdminApplication.class);
        app.setDefaultProperties(Map.of(
                "server.port", "8080",
                "spring.application.name", "admin-ui",
                "management.endpoints.web.exposure.include", "health,info,prometheus"));
        app.run(args);
    }
}
