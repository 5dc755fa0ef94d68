package io.sluice.pipeline.rules;

import io.sluice.common.query.LogQuery;
import io.sluice.common.query.QueryParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks a {@link RuleRequest} and turns it into a {@link RuleDraft}, or throws a
 * {@link RuleValidationException} naming every invalid field (prefixed, e.g. {@code rules[2].match},
 * when checking a list). Only the settings of the chosen action are kept. Pure and thread-safe.
 */
public class RuleValidator {

    static final int MAX_NAME = 200;
    static final int MAX_POSITION = 1_000_000;
    static final int MAX_FIELD_NAME = 128;
    static final int MAX_VALUE = 4096;
    static final long MAX_KEEP_ONE_IN = 1_000_000_000L;
    private static final Pattern GROUP_NAME = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    private final RetentionClasses retentionClasses;

    /** Validates route rules against {@code retentionClasses}. */
    RuleValidator(RetentionClasses retentionClasses) {
        this.retentionClasses = retentionClasses;
    }

    /** The draft of a valid request. */
    public RuleDraft validate(RuleRequest r) {
        Map<String, String> errors = new LinkedHashMap<>();
        RuleDraft draft = check(r, "", errors);
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return draft;
    }

    /** The drafts of a list of requests; errors of all of them at once. */
    public List<RuleDraft> validateAll(List<RuleRequest> requests) {
        Map<String, String> errors = new LinkedHashMap<>();
        List<RuleDraft> drafts = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            drafts.add(check(requests.get(i), "rules[" + i + "].", errors));
        }
        if (!errors.isEmpty()) {
            throw new RuleValidationException(errors);
        }
        return drafts;
    }

    private RuleDraft check(RuleRequest r, String at, Map<String, String> errors) {
        if (r == null) {
            errors.put(at.isEmpty() ? "body" : at + "body", "a JSON object with name, match and action is required");
            return null;
        }
        String name = r.name() == null ? "" : r.name().strip();
        if (name.isEmpty()) {
            errors.put(at + "name", "required");
        } else if (name.length() > MAX_NAME) {
            errors.put(at + "name", "at most " + MAX_NAME + " characters");
        }
        if (r.position() != null && (r.position() < 0 || r.position() > MAX_POSITION)) {
            errors.put(at + "position", "must be between 0 and " + MAX_POSITION);
        }
        String match = r.match() == null ? "" : r.match().strip();
        if (match.isEmpty()) {
            errors.put(at + "match", "required: a stream selector such as {service=\"checkout\", level=~\"DEBUG|TRACE\"} |= \"healthcheck\"");
        } else {
            try {
                LogQuery.parse(match);
            } catch (QueryParseException e) {
                errors.put(at + "match", e.getMessage());
            }
        }
        RuleAction action = null;
        if (r.action() == null || r.action().isBlank()) {
            errors.put(at + "action", "required: one of " + RuleAction.names());
        } else {
            Optional<RuleAction> parsed = RuleAction.parse(r.action());
            if (parsed.isEmpty()) {
                errors.put(at + "action", "unknown action '" + r.action() + "'; one of " + RuleAction.names());
            } else {
                action = parsed.get();
            }
        }
        RuleParams params = action == null ? RuleParams.NONE : params(action, r, at, errors);
        return new RuleDraft(name, r.position(), r.enabled() == null || r.enabled(), match, action, params);
    }

    private RuleParams params(RuleAction action, RuleRequest r, String at, Map<String, String> errors) {
        return switch (action) {
            case DROP -> RuleParams.NONE;
            case SAMPLE -> sample(r, at, errors);
            case MASK -> mask(r, at, errors);
            case ADD_FIELDS -> addFields(r, at, errors);
            case RENAME_FIELD -> rename(r, at, errors);
            case ROUTE -> route(r, at, errors);
        };
    }

    private static RuleParams sample(RuleRequest r, String at, Map<String, String> errors) {
        if ((r.keepOneIn() == null) == (r.rate() == null)) {
            errors.put(at + "keepOneIn", "a sample rule needs exactly one of keepOneIn (keep 1 in N) or rate (fraction kept)");
            return RuleParams.NONE;
        }
        if (r.keepOneIn() != null && (r.keepOneIn() < 1 || r.keepOneIn() > MAX_KEEP_ONE_IN)) {
            errors.put(at + "keepOneIn", "out of range: must be between 1 and " + MAX_KEEP_ONE_IN + ", was " + r.keepOneIn());
        }
        if (r.rate() != null && !(r.rate() > 0 && r.rate() <= 1)) {
            errors.put(at + "rate", "out of range: must be greater than 0 and at most 1, was " + r.rate());
        }
        return new RuleParams(r.keepOneIn(), r.rate(), null, null, null, null, null, null, null);
    }

    private static RuleParams mask(RuleRequest r, String at, Map<String, String> errors) {
        List<String> masks = r.masks() == null ? null : r.masks().stream().map(m -> m == null ? "" : m.strip()).distinct().toList();
        if ((masks == null || masks.isEmpty()) && (r.pattern() == null || r.pattern().isEmpty())) {
            errors.put(at + "masks", "a mask rule needs built-in masks " + BuiltInMasks.NAMES.stream().sorted().toList()
                    + " and/or a custom pattern");
            return RuleParams.NONE;
        }
        if (masks != null) {
            for (String m : masks) {
                if (!BuiltInMasks.NAMES.contains(m)) {
                    errors.put(at + "masks", "unknown built-in mask '" + m + "'; one of " + BuiltInMasks.NAMES.stream().sorted().toList());
                }
            }
        }
        String pattern = r.pattern() == null || r.pattern().isEmpty() ? null : r.pattern();
        String replacement = pattern == null ? null : r.replacement() == null ? "<masked>" : r.replacement();
        if (pattern != null) {
            try {
                Pattern compiled = Pattern.compile(pattern);
                String problem = replacementProblem(compiled, pattern, replacement);
                if (problem != null) {
                    errors.put(at + "replacement", problem);
                }
                if (compiled.matcher("").matches()) {
                    errors.put(at + "pattern", "must not match the empty string");
                }
            } catch (PatternSyntaxException e) {
                errors.put(at + "pattern", "invalid regex: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return new RuleParams(null, null, masks == null || masks.isEmpty() ? null : masks, pattern, replacement, null, null, null, null);
    }

    /** Why {@code replacement} would fail at run time for {@code pattern}, or null. */
    static String replacementProblem(Pattern pattern, String source, String replacement) {
        int groups = pattern.matcher("").groupCount();
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (++i >= replacement.length()) {
                    return "ends with a lone backslash";
                }
            } else if (c == '$') {
                if (i + 1 >= replacement.length()) {
                    return "ends with a lone '$' (write \\$ for a dollar sign)";
                }
                char next = replacement.charAt(i + 1);
                if (next == '{') {
                    int close = replacement.indexOf('}', i);
                    if (close < 0) {
                        return "'${' without a closing '}'";
                    }
                    String name = replacement.substring(i + 2, close);
                    if (!hasNamedGroup(source, name)) {
                        return "refers to group '" + name + "', which the pattern does not define";
                    }
                    i = close;
                } else if (next >= '0' && next <= '9') {
                    int group = next - '0';
                    if (group > groups) {
                        return "refers to group $" + group + " but the pattern has " + groups + " group(s)";
                    }
                    i++;
                } else {
                    return "'$' must be followed by a group number or {name} (write \\$ for a dollar sign)";
                }
            }
        }
        return null;
    }

    private static boolean hasNamedGroup(String pattern, String name) {
        Matcher m = GROUP_NAME.matcher(pattern);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static RuleParams addFields(RuleRequest r, String at, Map<String, String> errors) {
        if (r.fields() == null || r.fields().isEmpty()) {
            errors.put(at + "fields", "an add_fields rule needs at least one field: {\"fields\": {\"name\": \"value\"}}");
            return RuleParams.NONE;
        }
        Map<String, String> fields = new LinkedHashMap<>();
        r.fields().forEach((k, v) -> {
            String key = k == null ? "" : k.strip();
            if (key.isEmpty() || key.length() > MAX_FIELD_NAME) {
                errors.put(at + "fields", "field names must be 1 to " + MAX_FIELD_NAME + " characters");
            } else if (v == null || v.length() > MAX_VALUE) {
                errors.put(at + "fields", "field '" + key + "' needs a value of at most " + MAX_VALUE + " characters");
            } else {
                fields.put(key, v);
            }
        });
        return new RuleParams(null, null, null, null, null, fields, null, null, null);
    }

    private static RuleParams rename(RuleRequest r, String at, Map<String, String> errors) {
        String from = r.from() == null ? "" : r.from().strip();
        String to = r.to() == null ? "" : r.to().strip();
        if (from.isEmpty() || from.length() > MAX_FIELD_NAME) {
            errors.put(at + "from", "required: the field to rename (1 to " + MAX_FIELD_NAME + " characters)");
        }
        if (to.isEmpty() || to.length() > MAX_FIELD_NAME) {
            errors.put(at + "to", "required: the new field name (1 to " + MAX_FIELD_NAME + " characters)");
        } else if (to.equals(from)) {
            errors.put(at + "to", "must differ from 'from'");
        }
        return new RuleParams(null, null, null, null, null, null, from, to, null);
    }

    private RuleParams route(RuleRequest r, String at, Map<String, String> errors) {
        String cls = r.retentionClass() == null ? "" : r.retentionClass().strip();
        if (cls.isEmpty() || cls.length() > 64) {
            errors.put(at + "retentionClass", "required: the retention class to route to (1 to 64 characters)");
        } else if (!retentionClasses.accepts(cls)) {
            errors.put(at + "retentionClass", "unknown retention class '" + cls + "'; configured: " + retentionClasses.names());
        }
        return new RuleParams(null, null, null, null, null, null, null, null, cls);
    }
}
