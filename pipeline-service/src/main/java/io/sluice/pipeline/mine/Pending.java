package io.sluice.pipeline.mine;

import io.sluice.logstore.template.StoredTemplate;
import io.sluice.logstore.template.TemplateAlias;
import java.util.List;

/** What one or more miners have for the store: template count deltas and aliases not yet written. */
record Pending(List<StoredTemplate> templates, List<TemplateAlias> aliases) {

    static final Pending NONE = new Pending(List.of(), List.of());

    boolean isEmpty() {
        return templates.isEmpty() && aliases.isEmpty();
    }
}
