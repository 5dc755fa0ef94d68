package io.sluice.alert.channel;

import io.sluice.alert.RequestFields;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Checks a channel definition: tenant, name, type, the type's settings (by its
 * {@link ChannelSender}) and the template (it must compile). Pure.
 */
public class ChannelValidator {

    private final Map<ChannelType, ChannelSender> senders;
    private final MessageTemplates templates;

    /** Validates settings with {@code senders} and templates with {@code templates}. */
    public ChannelValidator(Map<ChannelType, ChannelSender> senders, MessageTemplates templates) {
        this.senders = senders;
        this.templates = templates;
    }

    /**
     * The validated draft of {@code request}.
     *
     * @throws ChannelValidationException naming every invalid field
     */
    public ChannelDraft validate(ChannelRequest request) {
        if (request == null) {
            throw new ChannelValidationException(Map.of("body", "a JSON object with name, type and settings is required"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String tenant = RequestFields.tenant(request.tenant(), errors);
        String name = RequestFields.name(request.name(), errors);
        if (!errors.containsKey("name") && (name.startsWith("http://") || name.startsWith("https://"))) {
            errors.put("name", "must be a name, not a URL (put the URL in settings.url)");
        }
        ChannelType type = ChannelType.parse(request.type());
        if (type == null) {
            errors.put("type", "must be one of " + Arrays.stream(ChannelType.values()).map(ChannelType::wire).collect(Collectors.joining(", ")));
        }
        Map<String, Object> settings = request.settings() == null ? Map.of() : request.settings();
        if (type != null) {
            senders.get(type).validate(settings, errors);
        }
        String template = request.template() == null || request.template().isBlank() ? null : request.template();
        if (template != null) {
            if (type == ChannelType.WEBHOOK) {
                errors.put("template", "does not apply: the generic webhook sends Alertmanager's JSON; templates shape the other types' messages");
            } else {
                String problem = templates.problem(template);
                if (problem != null) {
                    errors.put("template", problem);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ChannelValidationException(errors);
        }
        return new ChannelDraft(tenant, name, type, settings, template);
    }
}
