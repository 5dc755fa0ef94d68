package io.sluice.alert.silence;

import io.sluice.alert.RequestFields;
import io.sluice.alert.route.DurationText;
import io.sluice.alert.route.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks a silence and fills its defaults, with Alertmanager's rules. Pure. */
public final class SilenceValidator {

    private SilenceValidator() {
    }

    /**
     * The validated draft of {@code request} created at {@code now}.
     *
     * @throws SilenceValidationException naming every invalid field
     */
    public static SilenceDraft validate(SilenceRequest request, long now) {
        if (request == null) {
            throw new SilenceValidationException(Map.of("body", "a JSON object with matchers, endsAt (or duration), createdBy and comment is required"));
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String tenant = RequestFields.tenant(request.tenant(), errors);
        List<String> matchers = new ArrayList<>();
        if (request.matchers() == null || request.matchers().isEmpty()) {
            errors.put("matchers", "at least one matcher is required, e.g. alertname=\"disk full\"");
        } else {
            boolean selective = false;
            for (int i = 0; i < request.matchers().size(); i++) {
                try {
                    Matcher m = Matcher.parse(request.matchers().get(i));
                    matchers.add(m.toString());
                    selective |= !m.matches(Map.of());
                } catch (IllegalArgumentException e) {
                    errors.put("matchers[" + i + "]", e.getMessage());
                }
            }
            if (!selective && matchers.size() == request.matchers().size()) {
                errors.put("matchers", "at least one matcher must not match the empty string (a silence may not mute every alert)");
            }
        }
        long startsAt = request.startsAt() == null ? now : request.startsAt();
        Long endsAt = request.endsAt();
        if (endsAt == null && request.duration() != null) {
            try {
                Duration d = DurationText.parse(request.duration());
                endsAt = startsAt + d.toMillis();
            } catch (IllegalArgumentException e) {
                errors.put("duration", e.getMessage());
            }
        } else if (endsAt == null) {
            errors.put("endsAt", "is required (epoch milliseconds), or give a duration such as 2h");
        }
        if (endsAt != null && endsAt <= startsAt) {
            errors.put("endsAt", "must be after startsAt");
        } else if (endsAt != null && endsAt <= now) {
            errors.put("endsAt", "must be in the future");
        }
        String createdBy = request.createdBy() == null ? "" : request.createdBy().trim();
        if (createdBy.isEmpty() || createdBy.length() > 200) {
            errors.put("createdBy", "must be 1 to 200 characters");
        }
        String comment = request.comment() == null ? "" : request.comment().trim();
        if (comment.isEmpty() || comment.length() > 2000) {
            errors.put("comment", "must be 1 to 2000 characters");
        }
        if (!errors.isEmpty()) {
            throw new SilenceValidationException(errors);
        }
        return new SilenceDraft(tenant, matchers, startsAt, endsAt, createdBy, comment);
    }
}
