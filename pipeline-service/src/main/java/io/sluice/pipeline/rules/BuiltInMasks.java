package io.sluice.pipeline.rules;

import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The maskers a rule can name: {@code email}, {@code token} (bearer tokens, JWTs, well-known API
 * key formats and {@code password=}/{@code api_key=}-style secrets), {@code card} (13–19 digit
 * numbers that pass the Luhn check, so order ids and timestamps stay readable) and {@code ipv4}.
 * Each replaces a match by a placeholder ({@code <email>}, {@code <token>}, {@code <card>},
 * {@code <ip>}) and skips its regex when a cheap pre-check shows it cannot match.
 */
final class BuiltInMasks {

    static final String EMAIL = "email";
    static final String TOKEN = "token";
    static final String CARD = "card";
    static final String IPV4 = "ipv4";

    /** Every built-in name. */
    static final Set<String> NAMES = Set.of(EMAIL, TOKEN, CARD, IPV4);

    private static final Pattern EMAIL_PATTERN = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern JWT = Pattern.compile("\\beyJ[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]{5,}\\.[A-Za-z0-9_-]*");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer)\\s+[A-Za-z0-9._~+/=-]{8,}");
    private static final Pattern KNOWN_KEYS = Pattern.compile("\\b(?:slk_[A-Za-z0-9_-]{16,}|sk_(?:live|test)_[A-Za-z0-9]{16,}"
            + "|gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abprs]-[A-Za-z0-9-]{10,}|AKIA[0-9A-Z]{16}"
            + "|glpat-[A-Za-z0-9_-]{20,}|AIza[0-9A-Za-z_-]{35})");
    private static final Pattern SECRET_PAIR = Pattern.compile(
            "(?i)\\b((?:api[_-]?key|access[_-]?token|auth[_-]?token|secret|password|passwd|pwd|token)\"?\\s*[=:]\\s*\"?)[^\\s\"&,;]+");
    private static final Pattern CARD_CANDIDATE = Pattern.compile("(?<![0-9])[0-9](?:[ -]?[0-9]){12,18}(?![0-9])");
    private static final Pattern IPV4_PATTERN = Pattern.compile(
            "(?<![0-9.])(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])){3}(?![0-9]|\\.[0-9])");

    private static final Map<String, Masker> MASKERS = Map.of(
            EMAIL, BuiltInMasks::email,
            TOKEN, BuiltInMasks::token,
            CARD, BuiltInMasks::card,
            IPV4, BuiltInMasks::ipv4);

    private BuiltInMasks() {
    }

    /** The masker called {@code name}, one of {@link #NAMES}. */
    static Masker named(String name) {
        Masker m = MASKERS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown built-in mask '" + name + "'");
        }
        return m;
    }

    static String email(String s) {
        return s.indexOf('@') < 0 ? s : replace(EMAIL_PATTERN, s, "<email>");
    }

    static String token(String s) {
        String out = s.contains("eyJ") ? replace(JWT, s, "<token>") : s;
        out = replace(BEARER, out, "$1 <token>");
        out = replace(KNOWN_KEYS, out, "<token>");
        return replace(SECRET_PAIR, out, "$1<token>");
    }

    static String card(String s) {
        if (digits(s) < 13) {
            return s;
        }
        Matcher m = CARD_CANDIDATE.matcher(s);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            if (luhn(m.group())) {
                if (out == null) {
                    out = new StringBuilder(s.length());
                }
                out.append(s, last, m.start()).append("<card>");
                last = m.end();
            }
        }
        return out == null ? s : out.append(s, last, s.length()).toString();
    }

    static String ipv4(String s) {
        return s.indexOf('.') < 0 ? s : replace(IPV4_PATTERN, s, "<ip>");
    }

    /** Whether the digits of {@code number} (spaces and dashes ignored) pass the Luhn check. */
    static boolean luhn(CharSequence number) {
        int sum = 0;
        boolean doubled = false;
        for (int i = number.length() - 1; i >= 0; i--) {
            char c = number.charAt(i);
            if (c < '0' || c > '9') {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static int digits(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                n++;
            }
        }
        return n;
    }

    private static String replace(Pattern p, String s, String replacement) {
        Matcher m = p.matcher(s);
        return m.find() ? m.replaceAll(replacement) : s;
    }
}
