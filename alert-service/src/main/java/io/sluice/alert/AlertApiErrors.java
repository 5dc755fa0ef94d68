package io.sluice.alert;

import io.sluice.alert.firing.FiringController;
import io.sluice.alert.rule.RuleController;
import io.sluice.alert.rule.RuleValidationException;
import io.sluice.platform.web.JsonApiErrors;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The error bodies of alert-service's HTTP API: {@code {"error": "…"}}, plus {@code "fields"}
 * (field → message) for an invalid rule. Applies to alert-service's controllers only, so it never
 * changes other services' errors when they share a process.
 */
@RestControllerAdvice(assignableTypes = {RuleController.class, FiringController.class})
public class AlertApiErrors extends JsonApiErrors {

    @ExceptionHandler(RuleValidationException.class)
    ResponseEntity<Map<String, Object>> invalidRule(RuleValidationException e) {
        return invalid("invalid alert rule", e.fields());
    }
}
