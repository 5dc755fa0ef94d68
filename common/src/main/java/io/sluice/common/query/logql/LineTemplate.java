package io.sluice.common.query.logql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The Go-template subset of {@code line_format} and {@code label_format}: plain text and actions
 * {@code {{.label}}}, {@code {{ .label | upper | trim }}}, {@code {{ lower .label }}} and
 * {@code {{ __line__ }}}; a {@code -} just inside the braces trims the whitespace next to the action. Functions:
 * {@code upper}, {@code lower}, {@code title}, {@code trim} (also {@code ToUpper}, {@code ToLower},
 * {@code TrimSpace}). A missing label renders as the empty string. Immutable and thread-safe.
 */
final class LineTemplate {

    /** A template that does not compile; {@code offset} is the 0-based index in the template text. */
    static final class TemplateException extends RuntimeException {
        final int offset;

        TemplateException(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private sealed interface Part permits Text, Action {
    }

    private record Text(String text) implements Part {
    }

    private record Action(String label, List<UnaryOperator<String>> functions) implements Part {
    }

    private static final String LINE = "__line__";

    private final List<Part> parts;

    private LineTemplate(List<Part> parts) {
        this.parts = parts;
    }

    static LineTemplate compile(String template) {
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        boolean trimNextText = false;
        while (pos < template.length()) {
            int open = template.indexOf("{{", pos);
            String text = open < 0 ? template.substring(pos) : template.substring(pos, open);
            if (trimNextText) {
                text = text.stripLeading();
            }
            if (open < 0) {
                addText(parts, text);
                break;
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw new TemplateException("unclosed '{{' in template: add '}}'", open);
            }
            String inner = template.substring(open + 2, close);
            if (inner.startsWith("-")) {
                text = text.stripTrailing();
                inner = inner.substring(1);
            }
            trimNextText = inner.endsWith("-");
            if (trimNextText) {
                inner = inner.substring(0, inner.length() - 1);
            }
            addText(parts, text);
            parts.add(action(inner, open + 2));
            pos = close + 2;
        }
        return new LineTemplate(List.copyOf(parts));
    }

    /** The template rendered with labels from {@code labels}; {@code line} is what {@code __line__} renders. */
    String render(Function<String, String> labels, String line) {
        if (parts.size() == 1 && parts.get(0) instanceof Text t) {
            return t.text();
        }
        StringBuilder sb = new StringBuilder();
        for (Part p : parts) {
            if (p instanceof Text t) {
                sb.append(t.text());
            } else if (p instanceof Action a) {
                String v = a.label() == null ? line : labels.apply(a.label());
                if (v == null) {
                    v = "";
                }
                for (UnaryOperator<String> f : a.functions()) {
                    v = f.apply(v);
                }
                sb.append(v);
            }
        }
        return sb.toString();
    }

    private static void addText(List<Part> parts, String text) {
        if (!text.isEmpty()) {
            parts.add(new Text(text));
        }
    }

    private static Action action(String inner, int offset) {
        String[] segments = inner.split("\\|", -1);
        List<UnaryOperator<String>> functions = new ArrayList<>();
        String[] first = segments[0].trim().split("\\s+");
        String operand;
        if (first.length == 2) {
            functions.add(function(first[0], offset));
            operand = first[1];
        } else if (first.length == 1 && !first[0].isEmpty()) {
            operand = first[0];
        } else {
            throw new TemplateException("expected {{.label}}, {{__line__}} or {{function .label}} in template, found '{{"
                    + inner + "}}'", offset);
        }
        String label;
        if (operand.equals(LINE)) {
            label = null;
        } else if (operand.startsWith(".") && operand.length() > 1 && validName(operand.substring(1))) {
            label = operand.substring(1);
        } else {
            throw new TemplateException("expected .label or __line__ in template, found '" + operand
                    + "' (only label references, __line__ and the functions upper, lower, title, trim are supported)",
                    offset);
        }
        for (int i = 1; i < segments.length; i++) {
            functions.add(function(segments[i].trim(), offset));
        }
        return new Action(label, List.copyOf(functions));
    }

    private static UnaryOperator<String> function(String name, int offset) {
        return switch (name) {
            case "upper", "ToUpper" -> s -> s.toUpperCase(Locale.ROOT);
            case "lower", "ToLower" -> s -> s.toLowerCase(Locale.ROOT);
            case "trim", "TrimSpace", "trimSpace" -> String::strip;
            case "title", "Title" -> LineTemplate::title;
            default -> throw new TemplateException("unknown template function '" + name
                    + "' (supported: upper, lower, title, trim)", offset);
        };
    }

    private static String title(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(start ? Character.toTitleCase(c) : c);
            start = Character.isWhitespace(c);
        }
        return sb.toString();
    }

    static boolean validName(String name) {
        if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }
}
