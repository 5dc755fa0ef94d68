package io.sluice.admin.search;

import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.TenancyUnavailableException;
import io.sluice.platform.tenant.TenantAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * The refusals shared by the JSON API controllers that answer for the tenant of the request's API
 * key ({@code /api/v1/search}, {@code /api/v1/patterns}): no key or an invalid one gets 401 with
 * {@code WWW-Authenticate: Bearer}, a key used for another tenant 403, a failing tenant store 503
 * with {@code Retry-After}; each with {@link ApiError}. The handlers are the controllers' own, so
 * they take precedence over any advice as they would written in each controller.
 */
public abstract class TenantApiController {

    private final Logger log = LoggerFactory.getLogger(getClass());
    private final String name;

    /** A controller whose refusals are logged as {@code "<name> refused: …"}. */
    protected TenantApiController(String name) {
        this.name = name;
    }

    @ExceptionHandler
    protected ResponseEntity<ApiError> refused(TenantAccessException e) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(e.httpStatus());
        if (!e.isForbidden()) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE);
        }
        return response.body(new ApiError(e.getMessage(), null));
    }

    @ExceptionHandler
    protected ResponseEntity<ApiError> tenancyUnavailable(TenancyUnavailableException e) {
        log.warn("{} refused: {}", name, e.getMessage(), e.getCause());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").body(new ApiError(e.getMessage(), null));
    }
}
