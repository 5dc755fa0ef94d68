package io.sluice.ingest.syslog;

/** A frame is not a syslog message; the message says where and why. */
final class SyslogParseException extends Exception {

    SyslogParseException(String message) {
        super(message, null, false, false);
    }
}
