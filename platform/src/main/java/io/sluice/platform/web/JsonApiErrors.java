package io.sluice.platform.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The {@code {"error": "…"}} answers a service's JSON API gives for unreadable input and for
 * {@link ResponseStatusException}s. Each service extends it with its own
 * {@code @RestControllerAdvice(assignableTypes = …)}, so the answers stay scoped to that service's
 * controllers when services share a process; it exists so that those advices do not copy them.
 */
public abstract class JsonApiErrors {

    private static final int MAX_DETAIL = 300;

    /** 400 with the reason of {@code e} and, abbreviated to one line, its most specific cause. */
    @ExceptionHandler(ServerWebInputException.class)
    public ResponseEntity<Map<String, Object>> badInput(ServerWebInputException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        String detail = cause == e || cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage());
        return ResponseEntity.badRequest().body(Map.of("error", e.getReason() + detail));
    }

    /** The status of {@code e} with its reason, or the status's standard phrase when it has none. */
    @ExceptionHandler(ResponseStatusException.class)
    public ResponseEntity<Map<String, Object>> status(ResponseStatusException e) {
        String reason = e.getReason() == null ? HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase() : e.getReason();
        return ResponseEntity.status(e.getStatusCode()).body(Map.of("error", reason));
    }

    /** 400 {@code {"error": error, "fields": fields}}: an invalid object, field → message. */
    protected static ResponseEntity<Map<String, Object>> invalid(String error, Map<String, String> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("fields", fields);
        return ResponseEntity.badRequest().body(body);
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
    }
}
