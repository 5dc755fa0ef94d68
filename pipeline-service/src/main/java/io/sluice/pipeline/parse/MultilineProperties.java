package io.sluice.pipeline.parse;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Settings of multiline joining ({@code sluice.pipeline.multiline.*}).
 *
 * @param rules multiline rules, first match wins; none means no joining; replaceable at runtime
 *     through {@link ParseStage#replaceMultilineRules}
 * @param maxLines most lines in one joined event; the next continuation line starts a new event
 * @param maxBytes most UTF-8 bytes in one joined event; the same overflow rule
 */
@ConfigurationProperties("sluice.pipeline.multiline")
public record MultilineProperties(
        List<MultilineRule> rules,
        @DefaultValue("500") int maxLines,
        @DefaultValue("64KB") DataSize maxBytes) {

    public MultilineProperties {
        rules = rules == null ? List.of() : List.copyOf(rules);
        maxBytes = maxBytes == null ? DataSize.ofKilobytes(64) : maxBytes;
        if (maxLines < 1) {
            throw new IllegalArgumentException("sluice.pipeline.multiline.max-lines must be at least 1, was " + maxLines);
        }
    }
}
