package io.sluice.demo;

import io.sluice.agent.autoconfigure.SluiceAgentInstallation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The demo's beans: the Loghub sample, the generator, and the runner that starts it once the
 * application is up. With {@code demo.exit-when-done} the application closes itself (which
 * flushes the Sluice agent) once the generator is done, prints the agent's counters and exits.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DemoProperties.class)
public class DemoConfiguration {

    @Bean
    DemoLogGenerator demoLogGenerator(DemoProperties properties, ConfigurableApplicationContext context,
            ObjectProvider<SluiceAgentInstallation> agent) {
        Runnable onDone = properties.exitWhenDone() ? () -> exitLater(context, agent) : () -> { };
        return new DemoLogGenerator(LoghubSample.load(), properties, onDone);
    }

    @Bean
    ApplicationRunner demoLogGeneratorRunner(DemoLogGenerator generator) {
        return args -> generator.start();
    }

    private static void exitLater(ConfigurableApplicationContext context, ObjectProvider<SluiceAgentInstallation> agent) {
        SluiceAgentInstallation installation = agent.getIfAvailable();
        Thread exit = new Thread(() -> {
            int code = SpringApplication.exit(context);
            if (installation != null) {
                System.out.println("Sluice agent after shutdown: " + installation.stats());
            }
            System.exit(code);
        }, "demo-exit");
        exit.start();
    }
}
