package io.sluice.demo;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * A small application that uses log-agent-starter like any user would: it only adds the
 * dependency, and its {@link DemoLogGenerator} logs real Loghub lines through SLF4J, which the
 * starter ships to Sluice. Used by the README demo and the end-to-end tests.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import(DemoConfiguration.class)
public class DemoApplication {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(DemoApplication.class);
        // No web server keeps the JVM alive; stay up (logging) until stopped or demo.exit-when-done.
        application.setDefaultProperties(Map.of("spring.main.keep-alive", "true"));
        application.run(args);
    }
}
