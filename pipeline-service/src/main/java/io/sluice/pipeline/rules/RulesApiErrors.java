package io.sluice.pipeline.rules;

import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.TenancyUnavailableException;
import io.sluice.platform.tenant.TenantAccessException;
import io.sluice.platform.web.JsonApiErrors;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The error bodies of the pipeline rules API: {@code {"error": "…"}}, plus {@code "fields"}
 * (field → message) for an invalid rule. Applies to the rules controllers only, so it never
 * changes other services' errors when they share a process.
 */
@RestControllerAdvice(assignableTypes = {RuleController.class, RuleTestController.class})
public class RulesApiErrors extends JsonApiErrors {

    @ExceptionHandler(RuleValidationException.class)
    ResponseEntity<Map<String, Object>> invalidRule(RuleValidationException e) {
        return invalid("invalid pipeline rule", e.fields());
    }

    @ExceptionHandler(TenantAccessException.class)
    ResponseEntity<Map<String, Object>> refused(TenantAccessException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.httpStatus());
        if (!e.isForbidden()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
        }
        return response.body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(TenancyUnavailableException.class)
    ResponseEntity<Map<String, Object>> tenancyUnavailable(TenancyUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(Map.of("error", e.getMessage()));
    }
}
