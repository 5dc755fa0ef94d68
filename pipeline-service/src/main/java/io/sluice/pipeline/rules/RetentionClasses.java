package io.sluice.pipeline.rules;

import java.util.Set;
import java.util.TreeSet;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The retention class names a route rule may name: the keys (or list items) of
 * {@code sluice.logstore.retention.classes} when that property is set; otherwise any non-blank
 * name is accepted (retention classes are then resolved, or defaulted, by the archive).
 *
 * @param names the configured class names; empty = not configured
 */
record RetentionClasses(Set<String> names) {

    static final String PROPERTY = "sluice.logstore.retention.classes";

    RetentionClasses {
        names = Set.copyOf(names);
    }

    /** The classes configured in {@code environment}. */
    static RetentionClasses from(Environment environment) {
        Binder binder = Binder.get(environment);
        Set<String> names = new TreeSet<>();
        binder.bind(PROPERTY, Bindable.mapOf(String.class, Object.class)).ifBound(m -> names.addAll(m.keySet()));
        if (names.isEmpty()) {
            binder.bind(PROPERTY, Bindable.listOf(String.class)).ifBound(names::addAll);
        }
        return new RetentionClasses(names);
    }

    /** Whether {@code name} may be routed to. */
    boolean accepts(String name) {
        return names.isEmpty() || names.contains(name);
    }
}
