package io.sluice.agent.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * Matches when Logback and gRPC are on the class path and {@code sluice.agent.enabled} is not
 * {@code false}: the one switch for everything the starter installs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Documented
@ConditionalOnClass(name = {"ch.qos.logback.classic.LoggerContext", "io.grpc.ManagedChannel"})
@ConditionalOnBooleanProperty(name = SluiceAgentApplicationListener.ENABLED_PROPERTY, matchIfMissing = true)
@interface ConditionalOnSluiceAgentEnabled {
}
