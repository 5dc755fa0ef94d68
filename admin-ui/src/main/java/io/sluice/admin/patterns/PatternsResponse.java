package io.sluice.admin.patterns;

import java.util.List;

/** The body of {@code GET /api/v1/patterns}: templates, most frequent first. */
public record PatternsResponse(List<PatternJson> patterns) {
}
