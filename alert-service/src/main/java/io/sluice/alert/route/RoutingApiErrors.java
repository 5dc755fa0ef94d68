package io.sluice.alert.route;

import io.sluice.alert.silence.SilenceController;
import io.sluice.alert.silence.SilenceValidationException;
import io.sluice.platform.web.JsonApiErrors;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Error bodies of the routing and silence API: {@code {"error": "…", "fields": {path → message}}}
 * for an invalid configuration or silence. Scoped to those controllers only.
 */
@RestControllerAdvice(assignableTypes = {RouteController.class, SilenceController.class})
public class RoutingApiErrors extends JsonApiErrors {

    @ExceptionHandler(RouteValidationException.class)
    ResponseEntity<Map<String, Object>> invalidRoutes(RouteValidationException e) {
        return invalid("invalid routing configuration", e.fields());
    }

    @ExceptionHandler(SilenceValidationException.class)
    ResponseEntity<Map<String, Object>> invalidSilence(SilenceValidationException e) {
        return invalid("invalid silence", e.fields());
    }
}
