package io.sluice.agent.logback;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.UUID;

/**
 * Decides whether a log call's arguments can be formatted later, on the agent's thread: only
 * when each is of a type whose text cannot change after the call (strings, boxed primitives,
 * enums, UUIDs, {@code java.time} values, big numbers, classes). Anything else (a list, an array,
 * a user's bean) may be changed by the application right after the call, so its message is
 * formatted on the calling thread. The answer per class is cached; asking allocates nothing.
 */
final class ImmutableArguments {

    private static final ClassValue<Boolean> IMMUTABLE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return type == String.class || type == Integer.class || type == Long.class || type == Boolean.class
                    || type == Double.class || type == Float.class || type == Short.class || type == Byte.class
                    || type == Character.class || type == UUID.class || type == BigDecimal.class
                    || type == BigInteger.class || type == Class.class || Enum.class.isAssignableFrom(type)
                    || (TemporalAccessor.class.isAssignableFrom(type) && type.getName().startsWith("java.time."))
                    || type == java.time.Duration.class || type == java.time.Period.class
                    || type == java.time.ZoneOffset.class || type.getName().equals("java.time.ZoneRegion");
        }
    };

    private ImmutableArguments() {
    }

    /** Whether every element of {@code arguments} (null or empty: trivially) is of an immutable type. */
    static boolean all(Object[] arguments) {
        if (arguments == null) {
            return true;
        }
        for (Object argument : arguments) {
            if (argument != null && argument.getClass() != String.class && !IMMUTABLE.get(argument.getClass())) {
                return false;
            }
        }
        return true;
    }
}
