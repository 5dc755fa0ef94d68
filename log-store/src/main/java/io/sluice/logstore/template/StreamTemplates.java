package io.sluice.logstore.template;

import java.util.List;

/**
 * What the store holds for one (tenant, service): its templates and aliases, as a miner needs them to
 * restore itself ({@link TemplateWriter#load}).
 *
 * @param templates stored templates, oldest first (by first seen), merged-away ones included
 * @param aliases every merge recorded for the stream
 */
public record StreamTemplates(List<StoredTemplate> templates, List<TemplateAlias> aliases) {

    public StreamTemplates {
        templates = List.copyOf(templates);
        aliases = List.copyOf(aliases);
    }
}
