package io.sluice.pipeline.parse;

import java.util.Map;

/**
 * The built-in grok patterns, after Logstash's {@code grok-patterns} with two deliberate changes:
 * {@code IPV6} only matches addresses with {@code ::} or eight groups (Logstash's also matches clock
 * times such as {@code 12:30:45} when tried first), and the patterns avoid nested unbounded
 * repetition so that a non-matching line fails in linear time.
 */
final class GrokLibrary {

    private static final String H16 = "[0-9A-Fa-f]{1,4}";

    /** Name → definition (definitions may use {@code %{OTHER}} and {@code %{OTHER:field}}). */
    static final Map<String, String> PATTERNS = Map.ofEntries(
            Map.entry("USERNAME", "[a-zA-Z0-9._-]+"),
            Map.entry("USER", "%{USERNAME}"),
            Map.entry("EMAILLOCALPART", "[a-zA-Z0-9._%+-]+"),
            Map.entry("EMAILADDRESS", "%{EMAILLOCALPART}@%{HOSTNAME}"),
            Map.entry("INT", "(?:[+-]?[0-9]+)"),
            Map.entry("BASE10NUM", "(?<![0-9.+-])(?>[+-]?(?:[0-9]+(?:\\.[0-9]+)?|\\.[0-9]+))"),
            Map.entry("NUMBER", "(?:%{BASE10NUM})"),
            Map.entry("BASE16NUM", "(?<![0-9A-Fa-f])(?:[+-]?(?:0x)?[0-9A-Fa-f]+)"),
            Map.entry("POSINT", "\\b(?:[1-9][0-9]*)\\b"),
            Map.entry("NONNEGINT", "\\b[0-9]+\\b"),
            Map.entry("WORD", "\\b\\w+\\b"),
            Map.entry("NOTSPACE", "\\S+"),
            Map.entry("SPACE", "\\s*"),
            Map.entry("DATA", ".*?"),
            Map.entry("GREEDYDATA", ".*"),
            Map.entry("QUOTEDSTRING", "(?>\"(?:\\\\.|[^\\\\\"])*\"|'(?:\\\\.|[^\\\\'])*'|`(?:\\\\.|[^\\\\`])*`)"),
            Map.entry("QS", "%{QUOTEDSTRING}"),
            Map.entry("UUID", "[A-Fa-f0-9]{8}-(?:[A-Fa-f0-9]{4}-){3}[A-Fa-f0-9]{12}"),
            Map.entry("MAC", "(?:[A-Fa-f0-9]{2}[:-]){5}[A-Fa-f0-9]{2}"),
            Map.entry("IPV4", "(?<![0-9])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])(?![0-9])"),
            Map.entry("IPV6", "(?:(?:" + H16 + ":){6}%{IPV4}"
                    + "|(?:" + H16 + "(?::" + H16 + "){0,4})?::(?:" + H16 + ":){0,5}%{IPV4}"
                    + "|(?:" + H16 + ":){7}" + H16
                    + "|(?:" + H16 + "(?::" + H16 + "){0,6})?::(?:" + H16 + "(?::" + H16 + "){0,6})?)"
                    + "(?:%[0-9A-Za-z]+)?"),
            Map.entry("IP", "(?:%{IPV6}|%{IPV4})"),
            Map.entry("HOSTNAME", "\\b[0-9A-Za-z][0-9A-Za-z-]{0,62}(?:\\.[0-9A-Za-z][0-9A-Za-z-]{0,62})*\\.?"),
            Map.entry("HOST", "%{HOSTNAME}"),
            Map.entry("IPORHOST", "(?:%{IP}|%{HOSTNAME})"),
            Map.entry("HOSTPORT", "%{IPORHOST}:%{POSINT}"),
            Map.entry("UNIXPATH", "(?:/[\\w%!$@:.,+~-]*)+"),
            Map.entry("WINPATH", "(?:[A-Za-z]+:|\\\\)(?:\\\\[^\\\\?*]*)+"),
            Map.entry("PATH", "(?:%{UNIXPATH}|%{WINPATH})"),
            Map.entry("URIPROTO", "[A-Za-z][A-Za-z0-9+.-]*"),
            Map.entry("URIHOST", "%{IPORHOST}(?::%{POSINT})?"),
            Map.entry("URIPATH", "(?:/[A-Za-z0-9$.+!*'(){},~:;=@#%&_-]*)+"),
            Map.entry("URIPARAM", "\\?[A-Za-z0-9$.+!*'|(){},~@#%&/=:;_?\\[\\]<>-]*"),
            Map.entry("URIPATHPARAM", "%{URIPATH}(?:%{URIPARAM})?"),
            Map.entry("URI", "%{URIPROTO}://(?:%{USER}(?::[^@]*)?@)?(?:%{URIHOST})?(?:%{URIPATHPARAM})?"),
            Map.entry("MONTH", "\\b(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]un(?:e)?|[Jj]ul(?:y)?"
                    + "|[Aa]ug(?:ust)?|[Ss]ep(?:tember)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)\\b"),
            Map.entry("MONTHNUM", "(?:0?[1-9]|1[0-2])"),
            Map.entry("MONTHDAY", "(?:0[1-9]|[12][0-9]|3[01]|[1-9])"),
            Map.entry("DAY", "(?:Mon(?:day)?|Tue(?:sday)?|Wed(?:nesday)?|Thu(?:rsday)?|Fri(?:day)?|Sat(?:urday)?|Sun(?:day)?)"),
            Map.entry("YEAR", "(?>\\d\\d){1,2}"),
            Map.entry("HOUR", "(?:2[0123]|[01]?[0-9])"),
            Map.entry("MINUTE", "(?:[0-5][0-9])"),
            Map.entry("SECOND", "(?:(?:[0-5]?[0-9]|60)(?:[:.,][0-9]+)?)"),
            Map.entry("TIME", "(?<![0-9])%{HOUR}:%{MINUTE}(?::%{SECOND})(?![0-9])"),
            Map.entry("ISO8601_TIMEZONE", "(?:Z|[+-]%{HOUR}(?::?%{MINUTE}))"),
            Map.entry("TIMESTAMP_ISO8601", "%{YEAR}-%{MONTHNUM}-%{MONTHDAY}[T ]%{HOUR}:?%{MINUTE}(?::?%{SECOND})?%{ISO8601_TIMEZONE}?"),
            Map.entry("DATE_US", "%{MONTHNUM}[/-]%{MONTHDAY}[/-]%{YEAR}"),
            Map.entry("DATE_EU", "%{MONTHDAY}[./-]%{MONTHNUM}[./-]%{YEAR}"),
            Map.entry("DATE", "(?:%{DATE_US}|%{DATE_EU})"),
            Map.entry("DATESTAMP", "%{DATE}[- ]%{TIME}"),
            Map.entry("HTTPDATE", "%{MONTHDAY}/%{MONTH}/%{YEAR}:%{TIME} %{INT}"),
            Map.entry("SYSLOGTIMESTAMP", "%{MONTH} +%{MONTHDAY} %{TIME}"),
            Map.entry("SYSLOGPROG", "%{PROG:program}(?:\\[%{POSINT:pid}\\])?"),
            Map.entry("PROG", "[\\x21-\\x5a\\x5c\\x5e-\\x7e]+"),
            Map.entry("LOGLEVEL", "(?:[Aa]lert|ALERT|[Tt]race|TRACE|[Dd]ebug|DEBUG|[Nn]otice|NOTICE|[Ii]nfo(?:rmation)?|INFO(?:RMATION)?"
                    + "|[Ww]arn(?:ing)?|WARN(?:ING)?|[Ee]rr(?:or)?|ERR(?:OR)?|[Cc]rit(?:ical)?|CRIT(?:ICAL)?|[Ff]atal|FATAL"
                    + "|[Ss]evere|SEVERE|[Ee]merg(?:ency)?|EMERG(?:ENCY)?|[Pp]anic|PANIC)"),
            Map.entry("JAVACLASS", "(?:[a-zA-Z$_][a-zA-Z$_0-9]*\\.)*[a-zA-Z$_][a-zA-Z$_0-9]*"),
            Map.entry("HTTPDUSER", "(?:%{EMAILADDRESS}|%{USER})"),
            Map.entry("COMMONAPACHELOG", "%{IPORHOST:clientip} %{HTTPDUSER:ident} %{USER:auth} \\[%{HTTPDATE:timestamp}\\] "
                    + "\"(?:%{WORD:verb} %{NOTSPACE:request}(?: HTTP/%{NUMBER:httpversion})?|%{DATA:rawrequest})\" "
                    + "%{NUMBER:response} (?:%{NUMBER:bytes}|-)"),
            Map.entry("COMBINEDAPACHELOG", "%{COMMONAPACHELOG} %{QS:referrer} %{QS:agent}"));

    private GrokLibrary() {
    }
}
