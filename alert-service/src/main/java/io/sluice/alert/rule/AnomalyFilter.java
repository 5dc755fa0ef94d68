package io.sluice.alert.rule;

import java.util.List;

/**
 * Which of analytics' anomaly findings an {@code anomaly} rule reacts to; every given part must
 * match, an absent (null or empty) part matches anything. Also its JSON form.
 *
 * @param types finding types ({@code RATE_SPIKE}, {@code RATE_DROP}, {@code ERROR_RATIO_JUMP},
 *     {@code NEW_TEMPLATE}, {@code TEMPLATE_SHIFT}); empty for any
 * @param service the finding's service, or null for any
 * @param series the finding's series exactly (e.g. {@code service=api level=ERROR}), or null for any
 * @param templateId a template id the series must name ({@code template=42}), or null for any
 */
public record AnomalyFilter(List<String> types, String service, String series, String templateId) {

    /** The finding types analytics reports. */
    public static final List<String> TYPES = List.of("RATE_SPIKE", "RATE_DROP", "ERROR_RATIO_JUMP", "NEW_TEMPLATE", "TEMPLATE_SHIFT");

    public AnomalyFilter {
        types = types == null ? List.of() : List.copyOf(types);
    }

    /** Whether a finding of {@code type} on {@code service} and {@code series} passes this filter. */
    public boolean matches(String type, String service, String series) {
        if (!types.isEmpty() && !types.contains(type)) {
            return false;
        }
        if (this.service != null && !this.service.equals(service)) {
            return false;
        }
        if (this.series != null && !this.series.equals(series)) {
            return false;
        }
        if (templateId != null) {
            for (String part : (series == null ? "" : series).split("\\s+")) {
                if (part.equals("template=" + templateId)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }
}
