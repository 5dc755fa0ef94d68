package io.sluice.agent.logback;

/**
 * SLF4J's message formatting ({@code "user {} logged in"}, {@code \{}} for a literal brace pair,
 * {@code \\{}} for a backslash before an argument) into a reused {@link StringBuilder}, so the
 * agent's thread formats without a String per event. Gives the same text as SLF4J's
 * {@code MessageFormatter.arrayFormat} for the argument types {@link ImmutableArguments} lets
 * through (arrays, which SLF4J prints deeply, are formatted on the calling thread instead).
 */
final class MessageFormat {

    private MessageFormat() {
    }

    /** Appends {@code pattern} with its {@code {}} placeholders replaced by {@code arguments} to {@code out}. */
    static void formatTo(StringBuilder out, String pattern, Object[] arguments) {
        if (pattern == null) {
            return;
        }
        if (arguments == null || arguments.length == 0) {
            out.append(pattern);
            return;
        }
        int from = 0;
        int next = 0;
        while (next < arguments.length) {
            int brace = pattern.indexOf("{}", from);
            if (brace < 0) {
                break;
            }
            if (brace > 0 && pattern.charAt(brace - 1) == '\\') {
                if (brace > 1 && pattern.charAt(brace - 2) == '\\') {
                    // "\\{}": an escaped backslash, then a real placeholder.
                    out.append(pattern, from, brace - 1);
                    appendArgument(out, arguments[next++]);
                    from = brace + 2;
                } else {
                    // "\{}": a literal "{}".
                    out.append(pattern, from, brace - 1).append('{');
                    from = brace + 1;
                }
            } else {
                out.append(pattern, from, brace);
                appendArgument(out, arguments[next++]);
                from = brace + 2;
            }
        }
        out.append(pattern, from, pattern.length());
    }

    private static void appendArgument(StringBuilder out, Object argument) {
        if (argument == null) {
            out.append("null");
        } else if (argument instanceof String s) {
            out.append(s);
        } else if (argument instanceof Integer i) {
            out.append(i.intValue());
        } else if (argument instanceof Long l) {
            out.append(l.longValue());
        } else if (argument instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (argument instanceof Character c) {
            out.append(c.charValue());
        } else if (argument instanceof Short s) {
            out.append(s.shortValue());
        } else if (argument instanceof Byte b) {
            out.append(b.byteValue());
        } else {
            try {
                out.append(argument);
            } catch (RuntimeException e) {
                // As SLF4J does: a failing toString() must not lose the event.
                out.append("[FAILED toString()]");
            }
        }
    }
}
