package io.sluice.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;

/**
 * Checks of the fields alert-service API objects share (tenant, name, webhook URL of rules, channels
 * and silences), so that each validator reports them with the same rules and words.
 */
public final class RequestFields {

    private RequestFields() {
    }

    /** The trimmed tenant ({@code default} when absent); an error under {@code tenant} when invalid. */
    public static String tenant(String raw, Map<String, String> errors) {
        String tenant = raw == null ? "default" : raw.trim();
        if (tenant.isEmpty() || tenant.length() > 64 || tenant.chars().anyMatch(c -> Character.isWhitespace(c) || c == ':')) {
            errors.put("tenant", "must be 1 to 64 characters without spaces or ':'");
        }
        return tenant;
    }

    /** The trimmed name; an error under {@code name} when blank or longer than 200 characters. */
    public static String name(String raw, Map<String, String> errors) {
        String name = raw == null ? "" : raw.trim();
        if (name.isEmpty()) {
            errors.put("name", "must not be blank");
        } else if (name.length() > 200) {
            errors.put("name", "must be at most 200 characters");
        }
        return name;
    }

    /** Null when {@code url} is an absolute http(s) URL with a host (at most 2,000 characters), else what is wrong. */
    public static String httpUrlProblem(String url) {
        if (url == null || url.isBlank()) {
            return "is required: an absolute http or https URL";
        }
        if (url.length() > 2000) {
            return "must be at most 2000 characters";
        }
        try {
            URI uri = new URI(url.trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                return "must be an absolute http or https URL with a host";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL: " + e.getMessage();
        }
    }
}
