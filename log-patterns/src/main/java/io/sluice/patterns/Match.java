package io.sluice.patterns;

import java.util.List;

/**
 * What {@link TemplateMiner#mine} says about one line.
 *
 * @param templateId id of the template the line belongs to; stable for the life of the template
 * @param template the template text as it stands after this line, variable parts written {@code <*>}
 * @param variables the line's text at each {@code <*>} of {@code template}, in order
 * @param isNew whether this line created the template
 */
public record Match(long templateId, String template, List<String> variables, boolean isNew) {
}
