package io.sluice.alert.rule;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import com.samskivert.mustache.Template;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Renders a rule's annotations, which are Mustache templates ({@code {{value}}}, {@code {{rule.name}}},
 * {@code {{labels.service}}}, for anomalies {@code {{explanation}}}, {@code {{#samples}}…{{/samples}}}).
 * No HTML escaping, missing values render empty, no partials. Compiled templates are cached by
 * text (bounded). Thread-safe.
 */
public final class AnnotationTemplates {

    /** Longest annotation template accepted. */
    public static final int MAX_TEMPLATE = 4000;

    private static final int MAX_CACHED = 1000;
    private static final Pattern PARTIAL_OR_DELIMITER = Pattern.compile("\\{\\{\\s*[>=]");
    private static final Mustache.Compiler COMPILER = Mustache.compiler()
            .escapeHTML(false)
            .defaultValue("")
            .emptyStringIsFalse(true)
            .withLoader(name -> {
                throw new MustacheException("partials ({{> " + name + "}}) are not supported");
            });
    private static final Map<String, Template> CACHE = new ConcurrentHashMap<>();

    private AnnotationTemplates() {
    }

    /** Null when {@code template} compiles, else what is wrong with it. */
    public static String problem(String template) {
        if (template.length() > MAX_TEMPLATE) {
            return "must be at most " + MAX_TEMPLATE + " characters";
        }
        if (PARTIAL_OR_DELIMITER.matcher(template).find()) {
            return "must not include partials ({{> name}}) or change delimiters ({{=<% %>=}})";
        }
        try {
            COMPILER.compile(template);
            return null;
        } catch (MustacheException e) {
            return "is not a valid Mustache template: " + e.getMessage();
        }
    }

    /** {@code template} rendered against {@code model}; the template itself when it cannot be rendered. */
    public static String render(String template, Map<String, Object> model) {
        try {
            if (CACHE.size() >= MAX_CACHED) {
                CACHE.clear();
            }
            return CACHE.computeIfAbsent(template, COMPILER::compile).execute(model);
        } catch (MustacheException e) {
            return template;
        }
    }
}
