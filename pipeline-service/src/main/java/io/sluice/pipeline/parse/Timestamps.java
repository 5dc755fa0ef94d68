package io.sluice.pipeline.parse;

/**
 * Hand scanners for the timestamp formats logs use, returning Unix epoch nanoseconds or
 * {@link #NONE}: ISO-8601/RFC 3339 with or without zone and fraction ({@code T} or space between
 * date and time, {@code -} or {@code /} in the date, {@code .} or {@code ,} before the fraction,
 * so {@code yyyy-MM-dd HH:mm:ss,SSS} too), syslog {@code MMM dd HH:mm:ss} (year taken from the
 * reference time), Apache {@code [dd/MMM/yyyy:HH:mm:ss Z]}, and (field values only) epoch numbers
 * in s, ms, µs or ns told apart by their digit count. A time without zone is UTC. No allocation,
 * no regex, no java.time on the common paths.
 */
final class Timestamps {

    /** Returned when nothing parses. */
    static final long NONE = Long.MIN_VALUE;

    private static final long NANOS = 1_000_000_000L;
    private static final String MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec";

    private Timestamps() {
    }

    /** A whole field value: epoch number, ISO-8601, Apache or syslog time. */
    static long parseValue(String v, long referenceNanos) {
        if (v == null || v.isEmpty()) {
            return NONE;
        }
        char c = v.charAt(0);
        if (c >= '0' && c <= '9') {
            long epoch = epoch(v);
            if (epoch != NONE) {
                return epoch;
            }
        }
        return parseAt(v, 0, referenceNanos);
    }

    /** A time at the start of a log line (after white space or an opening bracket); no epoch numbers. */
    static long parseLineStart(String line, long referenceNanos) {
        if (line == null) {
            return NONE;
        }
        int i = 0;
        int n = Math.min(line.length(), 8);
        while (i < n && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i < line.length() ? parseAt(line, i, referenceNanos) : NONE;
    }

    private static long parseAt(String s, int i, long referenceNanos) {
        char c = s.charAt(i);
        if (c == '[' && i + 1 < s.length()) {
            i++;
            c = s.charAt(i);
        }
        if (c >= '0' && c <= '9') {
            long iso = iso(s, i);
            return iso != NONE ? iso : apache(s, i);
        }
        if (c >= 'A' && c <= 'Z') {
            return syslog(s, i, referenceNanos);
        }
        return NONE;
    }

    /** {@code yyyy-MM-dd[T ]HH:mm:ss[.f][Z|±hh[:]mm]}. */
    static long iso(String s, int i) {
        int n = s.length();
        if (i + 19 > n) {
            return NONE;
        }
        int year = digits(s, i, 4);
        char sep = s.charAt(i + 4);
        if (year < 0 || sep != '-' && sep != '/' || s.charAt(i + 7) != sep) {
            return NONE;
        }
        int month = digits(s, i + 5, 2);
        int day = digits(s, i + 8, 2);
        char t = s.charAt(i + 10);
        if (t != 'T' && t != ' ' && t != 't') {
            return NONE;
        }
        long clock = clock(s, i + 11);
        if (month < 1 || month > 12 || day < 1 || day > 31 || clock < 0) {
            return NONE;
        }
        int p = i + 19;
        long frac = 0;
        if (p < n && (s.charAt(p) == '.' || s.charAt(p) == ',')) {
            int start = ++p;
            long scale = 100_000_000L;
            while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                frac += (s.charAt(p) - '0') * scale;
                scale /= 10;
                p++;
            }
            if (p == start) {
                return NONE;
            }
        }
        long offsetSeconds = 0;
        if (p < n) {
            char z = s.charAt(p);
            if (z == 'Z' || z == 'z') {
                offsetSeconds = 0;
            } else if ((z == '+' || z == '-') && p + 3 <= n) {
                int hh = digits(s, p + 1, 2);
                int q = p + 3;
                if (q < n && s.charAt(q) == ':') {
                    q++;
                }
                int mm = q + 2 <= n ? digits(s, q, 2) : -1;
                if (hh < 0 || hh > 18) {
                    return NONE;
                }
                offsetSeconds = (hh * 3600L + Math.max(mm, 0) * 60L) * (z == '-' ? -1 : 1);
            }
        }
        return toNanos(year, month, day, clock, frac, offsetSeconds);
    }

    /** Apache common log: {@code dd/MMM/yyyy:HH:mm:ss ±hhmm}. */
    static long apache(String s, int i) {
        int n = s.length();
        if (i + 20 > n || s.charAt(i + 2) != '/' || s.charAt(i + 6) != '/' || s.charAt(i + 11) != ':') {
            return NONE;
        }
        int day = digits(s, i, 2);
        int month = month(s, i + 3);
        int year = digits(s, i + 7, 4);
        long clock = clock(s, i + 12);
        if (day < 1 || day > 31 || month < 0 || year < 0 || clock < 0) {
            return NONE;
        }
        long offsetSeconds = 0;
        int p = i + 20;
        if (p + 5 <= n && s.charAt(p) == ' ' && (s.charAt(p + 1) == '+' || s.charAt(p + 1) == '-')) {
            int hh = digits(s, p + 2, 2);
            int mm = digits(s, p + 4, 2);
            if (hh < 0 || mm < 0) {
                return NONE;
            }
            offsetSeconds = (hh * 3600L + mm * 60L) * (s.charAt(p + 1) == '-' ? -1 : 1);
        }
        return toNanos(year, month, day, clock, 0, offsetSeconds);
    }

    /** Syslog (RFC 3164) {@code MMM dd HH:mm:ss} or {@code MMM  d HH:mm:ss}; year from the reference, never far in its future. */
    static long syslog(String s, int i, long referenceNanos) {
        int n = s.length();
        if (i + 15 > n || s.charAt(i + 3) != ' ' || s.charAt(i + 6) != ' ') {
            return NONE;
        }
        int month = month(s, i);
        char d1 = s.charAt(i + 4);
        int day = d1 == ' ' ? digits(s, i + 5, 1) : digits(s, i + 4, 2);
        long clock = clock(s, i + 7);
        if (month < 0 || day < 1 || day > 31 || clock < 0) {
            return NONE;
        }
        long frac = 0;
        int p = i + 15;
        if (p < n && s.charAt(p) == '.') {
            long scale = 100_000_000L;
            p++;
            while (p < n && s.charAt(p) >= '0' && s.charAt(p) <= '9') {
                frac += (s.charAt(p) - '0') * scale;
                scale /= 10;
                p++;
            }
        }
        int year = yearOf(referenceNanos);
        long t = toNanos(year, month, day, clock, frac, 0);
        if (t != NONE && t - referenceNanos > 86_400L * NANOS) {
            t = toNanos(year - 1, month, day, clock, frac, 0);
        }
        return t;
    }

    /** Epoch seconds (10 digits, optional fraction), ms (13), µs (16) or ns (19); anything else is not a time. */
    static long epoch(String v) {
        int n = v.length();
        int i = 0;
        long whole = 0;
        while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
            if (i >= 19) {
                return NONE;
            }
            whole = whole * 10 + (v.charAt(i) - '0');
            i++;
        }
        int digits = i;
        long frac = 0;
        if (i < n && v.charAt(i) == '.' && digits == 10) {
            long scale = 100_000_000L;
            i++;
            while (i < n && v.charAt(i) >= '0' && v.charAt(i) <= '9') {
                frac += (v.charAt(i) - '0') * scale;
                scale /= 10;
                i++;
            }
        }
        if (i != n) {
            return NONE;
        }
        return switch (digits) {
            case 10 -> whole * NANOS + frac;
            case 13 -> whole * 1_000_000L;
            case 16 -> whole * 1_000L;
            case 19 -> whole;
            default -> NONE;
        };
    }

    private static int yearOf(long nanos) {
        long days = Math.floorDiv(nanos, 86_400L * NANOS);
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long month = mp < 10 ? mp + 3 : mp - 9;
        return (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
    }

    private static long toNanos(int year, int month, int day, long clockSeconds, long fracNanos, long offsetSeconds) {
        if (day > daysIn(year, month)) {
            return NONE;
        }
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        long days = era * 146_097 + doe - 719_468;
        return (days * 86_400L + clockSeconds - offsetSeconds) * NANOS + fracNanos;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** {@code HH:mm:ss} at {@code i} as seconds of the day, or -1. */
    private static long clock(String s, int i) {
        if (i + 8 > s.length() || s.charAt(i + 2) != ':' || s.charAt(i + 5) != ':') {
            return -1;
        }
        int h = digits(s, i, 2);
        int m = digits(s, i + 3, 2);
        int sec = digits(s, i + 6, 2);
        if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 60) {
            return -1;
        }
        return h * 3600L + m * 60L + Math.min(sec, 59);
    }

    /** The month (1–12) of the English abbreviation at {@code i}, or -1. */
    private static int month(String s, int i) {
        if (i + 3 > s.length()) {
            return -1;
        }
        for (int m = 0; m < 12; m++) {
            if (s.regionMatches(true, i, MONTHS, m * 3, 3)) {
                return m + 1;
            }
        }
        return -1;
    }

    private static int digits(String s, int i, int count) {
        int v = 0;
        for (int k = 0; k < count; k++) {
            char c = s.charAt(i + k);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
