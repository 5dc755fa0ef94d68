package io.sluice.common.query.logql;

import java.util.function.BiConsumer;

/**
 * The {@code key=value key2="quoted value" flag} reader of {@code | logfmt}, as Go's logfmt: a key
 * without {@code =} has the empty value; a quoted value may hold spaces and escapes.
 */
final class Logfmt {

    /** A line that is not logfmt (a stray or unterminated quote); without a stack trace (hot path). */
    static final class LogfmtException extends RuntimeException {
        LogfmtException(String message) {
            super(message, null, false, false);
        }
    }

    private Logfmt() {
    }

    static void parse(String line, BiConsumer<String, String> out) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && (line.charAt(i) <= ' ')) {
                i++;
            }
            int ks = i;
            while (i < n && line.charAt(i) > ' ' && line.charAt(i) != '=' && line.charAt(i) != '"') {
                i++;
            }
            String key = line.substring(ks, i);
            if (i < n && line.charAt(i) == '"') {
                throw new LogfmtException("unexpected '\"' at offset " + i);
            }
            if (i >= n || line.charAt(i) != '=') {
                if (!key.isEmpty()) {
                    out.accept(key, "");
                }
                continue;
            }
            i++;
            String value;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        closed = true;
                        break;
                    }
                    if (c == '\\' && i < n) {
                        char e = line.charAt(i++);
                        sb.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                    } else {
                        sb.append(c);
                    }
                }
                if (!closed) {
                    throw new LogfmtException("unterminated quoted value of '" + key + "'");
                }
                value = sb.toString();
            } else {
                int vs = i;
                while (i < n && line.charAt(i) > ' ') {
                    i++;
                }
                value = line.substring(vs, i);
            }
            if (!key.isEmpty()) {
                out.accept(key, value);
            }
        }
    }
}
