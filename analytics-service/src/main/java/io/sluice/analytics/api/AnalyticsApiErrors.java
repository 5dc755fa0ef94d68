package io.sluice.analytics.api;

import io.sluice.analytics.anomaly.AnomalyController;
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
 * Error bodies of analytics' HTTP API ({@code {"error": "…"}}): 400 for bad parameters, 401/403 for
 * a missing or foreign API key (with the Bearer challenge on 401), 503 while tenancy cannot be
 * checked. Scoped to analytics' controllers, so the answers stay theirs in the standalone.
 */
@RestControllerAdvice(assignableTypes = {StatsController.class, AnomalyController.class, WindowController.class})
public class AnalyticsApiErrors extends JsonApiErrors {

    @ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, String>> badRequest(IllegalArgumentException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(TenantAccessException.class)
    ResponseEntity<Map<String, String>> refused(TenantAccessException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.httpStatus());
        if (!e.isForbidden()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
        }
        return response.body(Map.of("error", e.getMessage()));
    }

    @ExceptionHandler(TenancyUnavailableException.class)
    ResponseEntity<Map<String, String>> tenancyUnavailable(TenancyUnavailableException e) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(Map.of("error", e.getMessage()));
    }
}
