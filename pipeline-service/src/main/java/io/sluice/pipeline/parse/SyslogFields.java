package io.sluice.pipeline.parse;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Syslog text in the message. RFC 5424 ({@code <PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG})
 * gives {@code priority}, {@code facility}, {@code severity}, {@code timestamp}, {@code hostname},
 * {@code appname}, {@code procid}, {@code msgid}, one field per SD parameter named
 * {@code <sd-id>_<param>} (characters other than letters, digits and {@code _} become {@code _}),
 * and {@code msg}; nil values ({@code -}) are left out. RFC 3164
 * ({@code [<PRI>]MMM dd HH:mm:ss HOST TAG[PID]: MSG}, also with an ISO timestamp) gives the same
 * names where it has them. Hand scanner; a line that is neither is left alone.
 */
final class SyslogFields implements FieldParser {

    @Override
    public boolean parse(String line, Map<String, String> out) {
        if (line == null || line.length() < 4) {
            return false;
        }
        Map<String, String> f = new LinkedHashMap<>();
        int i = 0;
        if (line.charAt(0) == '<') {
            int close = line.indexOf('>');
            if (close < 2 || close > 4) {
                return false;
            }
            int pri = 0;
            for (int k = 1; k < close; k++) {
                char c = line.charAt(k);
                if (c < '0' || c > '9') {
                    return false;
                }
                pri = pri * 10 + (c - '0');
            }
            if (pri > 191) {
                return false;
            }
            f.put("priority", Integer.toString(pri));
            f.put("facility", Integer.toString(pri >> 3));
            f.put("severity", Integer.toString(pri & 7));
            i = close + 1;
            if (line.startsWith("1 ", i)) {
                return rfc5424(line, i + 2, f, out);
            }
        }
        return rfc3164(line, i, f, out);
    }

    private static boolean rfc5424(String line, int i, Map<String, String> f, Map<String, String> out) {
        String[] names = {"timestamp", "hostname", "appname", "procid", "msgid"};
        for (String name : names) {
            int end = line.indexOf(' ', i);
            if (end < 0) {
                end = line.length();
            }
            if (end == i) {
                return false;
            }
            String v = line.substring(i, end);
            if (!v.equals("-")) {
                f.put(name, v);
            }
            i = Math.min(end + 1, line.length());
        }
        if (i < line.length() && line.charAt(i) == '[') {
            i = structuredData(line, i, f);
            if (i < 0) {
                return false;
            }
        } else if (line.startsWith("-", i)) {
            i++;
        } else if (i < line.length()) {
            return false;
        }
        if (i < line.length() && line.charAt(i) == ' ') {
            i++;
        }
        if (line.startsWith("\uFEFF", i)) {
            i++;
        }
        if (i < line.length()) {
            f.put("msg", line.substring(i));
        }
        out.putAll(f);
        return true;
    }

    private static int structuredData(String line, int i, Map<String, String> f) {
        int n = line.length();
        while (i < n && line.charAt(i) == '[') {
            int idStart = ++i;
            while (i < n && line.charAt(i) != ' ' && line.charAt(i) != ']') {
                i++;
            }
            if (i >= n || i == idStart) {
                return -1;
            }
            String id = sanitize(line.substring(idStart, i));
            while (i < n && line.charAt(i) == ' ') {
                i++;
                int nameStart = i;
                while (i < n && line.charAt(i) != '=' && line.charAt(i) != ' ' && line.charAt(i) != ']') {
                    i++;
                }
                if (i >= n || line.charAt(i) != '=' || i + 1 >= n || line.charAt(i + 1) != '"') {
                    return -1;
                }
                String name = sanitize(line.substring(nameStart, i));
                StringBuilder value = new StringBuilder();
                i = QuotedValues.read(line, i + 1, '"', value);
                if (i < 0) {
                    return -1;
                }
                f.put(id + "_" + name, value.toString());
            }
            if (i >= n || line.charAt(i) != ']') {
                return -1;
            }
            i++;
        }
        return i;
    }

    private static boolean rfc3164(String line, int i, Map<String, String> f, Map<String, String> out) {
        int n = line.length();
        int tsEnd;
        if (i + 15 <= n && Timestamps.syslog(line, i, System.currentTimeMillis() * 1_000_000L) != Timestamps.NONE) {
            tsEnd = i + 15;
            while (tsEnd < n && line.charAt(tsEnd) != ' ') {
                tsEnd++;
            }
        } else if (Timestamps.iso(line, i) != Timestamps.NONE) {
            tsEnd = line.indexOf(' ', i);
            if (tsEnd < 0) {
                return false;
            }
        } else {
            return false;
        }
        f.put("timestamp", line.substring(i, tsEnd));
        i = tsEnd + 1;
        int hostEnd = i < n ? line.indexOf(' ', i) : -1;
        if (hostEnd <= i) {
            return false;
        }
        f.put("hostname", line.substring(i, hostEnd));
        i = hostEnd + 1;
        int tagEnd = i;
        while (tagEnd < n && tagEnd - i <= 48 && line.charAt(tagEnd) != ':' && line.charAt(tagEnd) != '[' && line.charAt(tagEnd) != ' ') {
            tagEnd++;
        }
        if (tagEnd < n && tagEnd > i && (line.charAt(tagEnd) == ':' || line.charAt(tagEnd) == '[')) {
            f.put("appname", line.substring(i, tagEnd));
            if (line.charAt(tagEnd) == '[') {
                int close = line.indexOf(']', tagEnd);
                if (close > tagEnd + 1) {
                    f.put("procid", line.substring(tagEnd + 1, close));
                    tagEnd = close + 1;
                }
            }
            if (tagEnd < n && line.charAt(tagEnd) == ':') {
                tagEnd++;
            }
            i = tagEnd;
            if (i < n && line.charAt(i) == ' ') {
                i++;
            }
        }
        if (i < n) {
            f.put("msg", line.substring(i));
        }
        out.putAll(f);
        return true;
    }

    private static String sanitize(String s) {
        StringBuilder b = null;
        for (int k = 0; k < s.length(); k++) {
            char c = s.charAt(k);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_';
            if (!ok) {
                if (b == null) {
                    b = new StringBuilder(s);
                }
                b.setCharAt(k, '_');
            }
        }
        return b == null ? s : b.toString();
    }
}
