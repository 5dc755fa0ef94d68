package io.sluice.agent.autoconfigure;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.GenericApplicationListener;
import org.springframework.core.ResolvableType;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Installs the Sluice agent as soon as Spring Boot has (re)configured Logback. Boot resets Logback
 * while preparing the environment ({@link LoggingApplicationListener}), which removes any appender
 * added earlier; this listener runs right after it, so the appender survives and start-up logs
 * are shipped too. Registered in {@code META-INF/spring.factories} because it must run before the
 * application context exists. Once the context is prepared it hands the installation to the
 * context as a bean that is closed (flushed and stopped) with the context; if start-up fails it
 * closes the installation itself. One instance serves one {@code SpringApplication} run.
 */
public final class SluiceAgentApplicationListener implements GenericApplicationListener {

    /** Order: just after Spring Boot's logging listener. */
    public static final int ORDER = LoggingApplicationListener.DEFAULT_ORDER + 1;
    /** The switch shared with the auto-configuration. */
    public static final String ENABLED_PROPERTY = "sluice.agent.enabled";
    /** Name of the installation bean. */
    public static final String BEAN_NAME = "sluiceAgentInstallation";

    private static final boolean LOGBACK_PRESENT = ClassUtils.isPresent(
            "ch.qos.logback.classic.LoggerContext", SluiceAgentApplicationListener.class.getClassLoader());

    private SluiceAgentInstallation installation;

    @Override
    public boolean supportsEventType(ResolvableType eventType) {
        Class<?> type = eventType.getRawClass();
        return type != null && (ApplicationEnvironmentPreparedEvent.class.isAssignableFrom(type)
                || ApplicationPreparedEvent.class.isAssignableFrom(type)
                || ApplicationFailedEvent.class.isAssignableFrom(type));
    }

    @Override
    public void onApplicationEvent(ApplicationEvent event) {
        if (event instanceof ApplicationEnvironmentPreparedEvent prepared) {
            install(prepared.getEnvironment());
        } else if (event instanceof ApplicationPreparedEvent prepared) {
            handOver(prepared.getApplicationContext().getBeanFactory());
        } else if (event instanceof ApplicationFailedEvent) {
            closeInstallation();
        }
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    private void install(ConfigurableEnvironment environment) {
        if (installation != null || !LOGBACK_PRESENT
                || !environment.getProperty(ENABLED_PROPERTY, Boolean.class, Boolean.TRUE)) {
            return;
        }
        SluiceAgentProperties properties = Binder.get(environment)
                .bindOrCreate("sluice.agent", Bindable.of(SluiceAgentProperties.class));
        installation = SluiceAgentInstallation.install(properties, environment);
    }

    private void handOver(ConfigurableListableBeanFactory beanFactory) {
        if (installation == null || beanFactory.containsSingleton(BEAN_NAME)) {
            return;
        }
        beanFactory.registerSingleton(BEAN_NAME, installation);
        if (beanFactory instanceof DefaultSingletonBeanRegistry registry) {
            SluiceAgentInstallation handedOver = installation;
            registry.registerDisposableBean(BEAN_NAME, handedOver::close);
        }
    }

    private void closeInstallation() {
        if (installation != null) {
            installation.close();
        }
    }
}
