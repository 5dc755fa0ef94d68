package io.sluice.agent.autoconfigure;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Ships the application's Logback events to Sluice. In a {@code SpringApplication}, the
 * {@link SluiceAgentApplicationListener} has already installed the agent right after Spring Boot
 * configured Logback (so start-up logs are shipped too) and registered it as a bean, and this
 * configuration backs off; in other contexts (e.g. a plain {@code ApplicationContext}) it installs
 * the agent itself. Either way the agent is flushed and stopped when the context closes.
 */
@AutoConfiguration
@ConditionalOnSluiceAgentEnabled
@EnableConfigurationProperties(SluiceAgentProperties.class)
public final class SluiceAgentAutoConfiguration {

    @Bean(name = SluiceAgentApplicationListener.BEAN_NAME, destroyMethod = "close")
    @ConditionalOnMissingBean
    SluiceAgentInstallation sluiceAgentInstallation(SluiceAgentProperties properties, Environment environment) {
        return SluiceAgentInstallation.install(properties, environment);
    }

    /** Metrics of the agent, when Micrometer is on the class path. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
    static final class Metrics {

        @Bean
        @ConditionalOnMissingBean
        SluiceAgentMetrics sluiceAgentMetrics(SluiceAgentInstallation installation) {
            return new SluiceAgentMetrics(installation);
        }
    }
}
