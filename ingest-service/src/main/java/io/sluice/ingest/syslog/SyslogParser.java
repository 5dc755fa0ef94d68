package io.sluice.ingest.syslog;

import io.sluice.common.event.Timestamps;
import io.sluice.ingest.syslog.SyslogMessage.SdElement;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses one syslog message: RFC 5424 (strictly: PRI, VERSION 1, TIMESTAMP with fraction and
 * offset, HOSTNAME, APP-NAME, PROCID, MSGID, STRUCTURED-DATA with {@code \" \\ \]} escapes, optional
 * BOM before MSG, NILVALUE {@code -}) or RFC 3164 (leniently, as real daemons send it:
 * {@code Mmm dd hh:mm:ss} with optional fraction and year, or an RFC 3339 time, or none; the
 * hostname may be missing; {@code tag[pid]:} is optional). An RFC 3164 time without a year is put
 * in the most recent year that does not place it more than a day in the future, in the configured
 * time zone. Stateless and thread-safe.
 */
public final class SyslogParser {

    private static final int MAX_PRI = 191;
    private static final char BOM = '\uFEFF';
    private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    private static final Pattern BSD_TIME = Pattern.compile(
            "^([A-Za-z]{3}) +(\\d{1,2}) (?:(\\d{4}) )?(\\d{1,2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?:?(?: +|$)");
    private static final Pattern ISO_TIME = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2}[Tt ][^ ]+)(?: +|$)");
    private static final Pattern TAG = Pattern.compile("^([^\\s\\[\\]:]{1,48})(?:\\[([^\\]\\s]{0,128})\\])?:(?: |$)");

    private final ZoneId rfc3164Zone;
    private final java.time.Clock clock;

    /** A parser reading RFC 3164 times in {@code rfc3164Zone}, inferring their year from {@code clock}. */
    public SyslogParser(ZoneId rfc3164Zone, java.time.Clock clock) {
        this.rfc3164Zone = rfc3164Zone;
        this.clock = clock;
    }

    /** Parses {@code text} (the frame decoded as UTF-8). */
    SyslogMessage parse(String text) throws SyslogParseException {
        Cursor c = new Cursor(text);
        int pri = pri(c);
        if (text.startsWith("1 ", c.pos)) {
            return rfc5424(c, pri);
        }
        return rfc3164(text.substring(c.pos), pri);
    }

    private static int pri(Cursor c) throws SyslogParseException {
        if (!c.consume('<')) {
            throw new SyslogParseException("no PRI: a syslog message starts with '<' and a priority, e.g. <13>");
        }
        int start = c.pos;
        int value = 0;
        while (c.pos < c.text.length() && c.pos - start < 3 && Character.isDigit(c.peek())) {
            value = value * 10 + (c.next() - '0');
        }
        if (c.pos == start || !c.consume('>')) {
            throw new SyslogParseException("PRI is not '<' 1 to 3 digits '>'");
        }
        if (value > MAX_PRI) {
            throw new SyslogParseException("PRI " + value + " is out of range (0 to 191)");
        }
        return value;
    }

    // ---- RFC 5424 ----

    private static SyslogMessage rfc5424(Cursor c, int pri) throws SyslogParseException {
        c.expect('1');
        c.space("VERSION");
        String timestamp = c.token("TIMESTAMP", 64);
        c.space("TIMESTAMP");
        String hostname = nil(c.token("HOSTNAME", 255));
        c.space("HOSTNAME");
        String appName = nil(c.token("APP-NAME", 48));
        c.space("APP-NAME");
        String procId = nil(c.token("PROCID", 128));
        c.space("PROCID");
        String msgId = nil(c.token("MSGID", 32));
        c.space("MSGID");
        List<SdElement> sd = structuredData(c);
        String message = "";
        if (c.pos < c.text.length()) {
            c.space("STRUCTURED-DATA");
            message = c.text.substring(c.pos);
            if (!message.isEmpty() && message.charAt(0) == BOM) {
                message = message.substring(1);
            }
        }
        return new SyslogMessage(pri >> 3, pri & 7, true, rfc5424Time(timestamp), hostname, appName, procId, msgId, sd, message);
    }

    private static String nil(String token) {
        return token.equals("-") ? null : token;
    }

    /** Epoch nanos of an RFC 5424 TIMESTAMP (RFC 3339 with upper-case T and Z), null for NILVALUE. */
    static Long rfc5424Time(String t) throws SyslogParseException {
        if (t.equals("-")) {
            return null;
        }
        Cursor c = new Cursor(t);
        try {
            int year = c.number(4);
            c.expect('-');
            int month = c.number(2);
            c.expect('-');
            int day = c.number(2);
            c.expect('T');
            int hour = c.number(2);
            c.expect(':');
            int minute = c.number(2);
            c.expect(':');
            int second = c.number(2);
            int nanos = 0;
            if (c.consume('.')) {
                int start = c.pos;
                while (c.pos < t.length() && Character.isDigit(c.peek()) && c.pos - start < 9) {
                    nanos = nanos * 10 + (c.next() - '0');
                }
                int digits = c.pos - start;
                if (digits == 0) {
                    throw new SyslogParseException("no digits after '.'");
                }
                for (int i = digits; i < 9; i++) {
                    nanos *= 10;
                }
            }
            ZoneOffset offset;
            if (c.consume('Z')) {
                offset = ZoneOffset.UTC;
            } else {
                if (c.pos >= t.length()) {
                    throw new SyslogParseException("no time offset (Z or +hh:mm)");
                }
                char sign = c.next();
                if (sign != '+' && sign != '-') {
                    throw new SyslogParseException("no time offset (Z or +hh:mm)");
                }
                int oh = c.number(2);
                c.expect(':');
                int om = c.number(2);
                offset = sign == '+' ? ZoneOffset.ofHoursMinutes(oh, om) : ZoneOffset.ofHoursMinutes(-oh, -om);
            }
            if (c.pos != t.length()) {
                throw new SyslogParseException("unexpected text after the offset");
            }
            OffsetDateTime time = OffsetDateTime.of(LocalDateTime.of(year, month, day, hour, minute, second, nanos), offset);
            return Timestamps.toNanos(time.toInstant());
        } catch (DateTimeException | ArithmeticException | SyslogParseException e) {
            throw new SyslogParseException("TIMESTAMP '" + abbreviate(t) + "' is not an RFC 5424 time (e.g. 2026-11-24T10:15:30.123456+01:00): "
                    + e.getMessage());
        }
    }

    private static List<SdElement> structuredData(Cursor c) throws SyslogParseException {
        if (c.consume('-')) {
            return List.of();
        }
        if (c.pos >= c.text.length() || c.peek() != '[') {
            throw new SyslogParseException("STRUCTURED-DATA must be '-' or start with '[' at offset " + c.pos);
        }
        List<SdElement> elements = new ArrayList<>();
        while (c.pos < c.text.length() && c.peek() == '[') {
            c.next();
            String id = sdName(c, "SD-ID");
            List<Map.Entry<String, String>> params = new ArrayList<>();
            while (true) {
                if (c.pos >= c.text.length()) {
                    throw new SyslogParseException("STRUCTURED-DATA element '" + id + "' is not closed with ']'");
                }
                if (c.consume(']')) {
                    break;
                }
                c.space("SD-PARAM");
                String name = sdName(c, "PARAM-NAME");
                c.expect('=');
                c.expect('"');
                params.add(new AbstractMap.SimpleImmutableEntry<>(name, paramValue(c)));
            }
            elements.add(new SdElement(id, params));
        }
        return elements;
    }

    private static String sdName(Cursor c, String what) throws SyslogParseException {
        int start = c.pos;
        while (c.pos < c.text.length()) {
            char ch = c.peek();
            if (ch <= ' ' || ch > '~' || ch == '=' || ch == ']' || ch == '"') {
                break;
            }
            c.pos++;
        }
        int length = c.pos - start;
        if (length == 0 || length > 32) {
            throw new SyslogParseException(what + " must be 1 to 32 printable characters without '=', ']', '\"' or space (offset " + start + ")");
        }
        return c.text.substring(start, c.pos);
    }

    /** PARAM-VALUE up to its closing quote; {@code \"}, {@code \\} and {@code \]} are unescaped. */
    private static String paramValue(Cursor c) throws SyslogParseException {
        StringBuilder value = new StringBuilder();
        while (c.pos < c.text.length()) {
            char ch = c.next();
            if (ch == '"') {
                return value.toString();
            }
            if (ch == '\\' && c.pos < c.text.length() && (c.peek() == '"' || c.peek() == '\\' || c.peek() == ']')) {
                value.append(c.next());
            } else {
                value.append(ch);
            }
        }
        throw new SyslogParseException("PARAM-VALUE is not closed with '\"'");
    }

    // ---- RFC 3164 ----

    private SyslogMessage rfc3164(String rest, int pri) {
        Long timestamp = null;
        boolean hadTime = false;
        Matcher bsd = BSD_TIME.matcher(rest);
        Matcher iso = ISO_TIME.matcher(rest);
        if (bsd.find()) {
            hadTime = true;
            timestamp = bsdTime(bsd);
            rest = rest.substring(bsd.end());
        } else if (iso.find()) {
            hadTime = true;
            timestamp = isoTime(iso.group(1));
            rest = rest.substring(iso.end());
        }
        String hostname = null;
        if (!TAG.matcher(rest).find()) {
            int space = rest.indexOf(' ');
            String first = space < 0 ? rest : rest.substring(0, space);
            String after = space < 0 ? "" : rest.substring(space + 1);
            if (!first.isEmpty() && first.length() <= 255 && printable(first) && (hadTime || TAG.matcher(after).find())) {
                hostname = first;
                rest = after;
            }
        }
        String appName = null;
        String procId = null;
        Matcher tag = TAG.matcher(rest);
        if (tag.find()) {
            appName = tag.group(1);
            procId = tag.group(2) == null || tag.group(2).isEmpty() ? null : tag.group(2);
            rest = rest.substring(tag.end());
        }
        return new SyslogMessage(pri >> 3, pri & 7, false, timestamp, hostname, appName, procId, null, List.of(), rest);
    }

    private Long bsdTime(Matcher m) {
        int month = month(m.group(1));
        if (month == 0) {
            return null;
        }
        try {
            int day = Integer.parseInt(m.group(2));
            LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)), Integer.parseInt(m.group(6)),
                    fraction(m.group(7)));
            if (m.group(3) != null) {
                return Timestamps.toNanos(ZonedDateTime.of(LocalDate.of(Integer.parseInt(m.group(3)), month, day), time, rfc3164Zone).toInstant());
            }
            ZonedDateTime now = ZonedDateTime.now(clock.withZone(rfc3164Zone));
            for (int year = now.getYear(); year >= now.getYear() - 4; year--) {
                ZonedDateTime candidate;
                try {
                    candidate = ZonedDateTime.of(LocalDate.of(year, month, day), time, rfc3164Zone);
                } catch (DateTimeException e) {
                    continue; // 29 February in a year without it
                }
                if (!candidate.isAfter(now.plusDays(1))) {
                    return Timestamps.toNanos(candidate.toInstant());
                }
            }
            return null;
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static Long isoTime(String text) {
        try {
            return Timestamps.toNanos(OffsetDateTime.parse(text.replace(' ', 'T')).toInstant());
        } catch (DateTimeException | ArithmeticException e) {
            return null;
        }
    }

    private static int fraction(String digits) {
        if (digits == null) {
            return 0;
        }
        int nanos = Integer.parseInt(digits);
        for (int i = digits.length(); i < 9; i++) {
            nanos *= 10;
        }
        return nanos;
    }

    private static int month(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        for (int i = 0; i < MONTHS.length; i++) {
            if (MONTHS[i].equals(lower)) {
                return i + 1;
            }
        }
        return 0;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch <= ' ' || ch > '~') {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }

    /** A read position in a string. */
    private static final class Cursor {

        final String text;
        int pos;

        Cursor(String text) {
            this.text = text;
        }

        char peek() {
            return text.charAt(pos);
        }

        char next() throws SyslogParseException {
            if (pos >= text.length()) {
                throw new SyslogParseException("the message ends early");
            }
            return text.charAt(pos++);
        }

        boolean consume(char ch) {
            if (pos < text.length() && text.charAt(pos) == ch) {
                pos++;
                return true;
            }
            return false;
        }

        void expect(char ch) throws SyslogParseException {
            if (!consume(ch)) {
                throw new SyslogParseException("expected '" + ch + "' at offset " + pos);
            }
        }

        int number(int digits) throws SyslogParseException {
            int value = 0;
            for (int i = 0; i < digits; i++) {
                char ch = next();
                if (ch < '0' || ch > '9') {
                    throw new SyslogParseException("expected a digit at offset " + (pos - 1));
                }
                value = value * 10 + (ch - '0');
            }
            return value;
        }

        /** A header field: 1 to {@code max} printable US-ASCII characters up to the next space. */
        String token(String field, int max) throws SyslogParseException {
            int start = pos;
            while (pos < text.length()) {
                char ch = text.charAt(pos);
                if (ch == ' ') {
                    break;
                }
                if (ch < '!' || ch > '~') {
                    throw new SyslogParseException(field + " has a character that is not printable US-ASCII at offset " + pos);
                }
                pos++;
            }
            int length = pos - start;
            if (length == 0) {
                throw new SyslogParseException(field + " is missing (use '-' for none)");
            }
            if (length > max) {
                throw new SyslogParseException(field + " is longer than " + max + " characters");
            }
            return text.substring(start, pos);
        }

        void space(String after) throws SyslogParseException {
            if (!consume(' ')) {
                throw new SyslogParseException("expected a space after " + after + " at offset " + pos);
            }
        }
    }
}
