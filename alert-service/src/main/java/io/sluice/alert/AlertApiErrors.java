package io.sluice.alert;

import io.sluice.alert.firing.FiringController;
import io.sluice.alert.rule.RuleController;
import io.sluice.alert.rule.RuleValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/**
 * The error bodies of alert-service's HTTP API: {@code {"error": "…"}}, plus {@code "fields"}
 * (field → message) for an invalid rule. Applies to alert-service's controllers only, so it never
 * changes other services' errors when they share a process.
 */
@RestControllerAdvice(assignableTypes = {RuleController.class, FiringController.class})
public class AlertApiErrors {

    private static final int MAX_DETAIL = 300;

    @ExceptionHandler(RuleValidationException.class)
    ResponseEntity<Map<String, Object>> invalidRule(RuleValidationException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", "invalid alert rule");
        body.put("fields", e.fields());
        return ResponseEntity.badRequest().body(body);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<Map<String, Object>> badInput(ServerWebInputException e) {
        Throwable cause = NestedExceptionUtils.getMostSpecificCause(e);
        String detail = cause == e || cause.getMessage() == null ? "" : ": " + abbreviate(cause.getMessage());
        return ResponseEntity.badRequest().body(Map.of("error", e.getReason() + detail));
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<Map<String, Object>> status(ResponseStatusException e) {
        String reason = e.getReason() == null ? HttpStatus.valueOf(e.getStatusCode().value()).getReasonPhrase() : e.getReason();
        return ResponseEntity.status(e.getStatusCode()).body(Map.of("error", reason));
    }

    private static String abbreviate(String s) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() > MAX_DETAIL ? oneLine.substring(0, MAX_DETAIL) + "…" : oneLine;
    }
}
