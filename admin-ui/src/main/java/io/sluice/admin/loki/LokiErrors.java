package io.sluice.admin.loki;

import io.sluice.common.query.QueryParseException;
import io.sluice.logstore.engine.QueryLimitException;
import io.sluice.logstore.query.SearchTimeoutException;
import io.sluice.platform.tenant.ApiKeyHeaders;
import io.sluice.platform.tenant.TenancyUnavailableException;
import io.sluice.platform.tenant.TenantAccessException;
import io.r2dbc.spi.R2dbcException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Answers the Loki API's failures in Loki's error shape ({@link LokiError}): a query that does not
 * parse gets 400 {@code bad_data} with Loki's text ({@code parse error at line 1, col 12: …}), as do
 * unusable parameters; no key or an unknown one 401 (with {@code WWW-Authenticate}); a key used for
 * another tenant ({@code X-Scope-OrgID}) 403; a query over its memory bound 422 {@code execution}
 * (Prometheus' status for an expression that cannot be executed; Loki itself answers its limit
 * errors with 400); an unreachable database, Redis, tenant store or engine 503 {@code unavailable};
 * a query over its time budget 504 {@code timeout}, as Loki answers a deadline. Anything else is a
 * bug: 500 {@code internal}, logged. User input never causes a 500.
 */
@RestControllerAdvice(assignableTypes = LokiApiController.class)
public class LokiErrors {

    private static final Logger log = LoggerFactory.getLogger(LokiErrors.class);

    @ExceptionHandler
    ResponseEntity<LokiError> badParameter(LokiInputException e) {
        return answer(HttpStatus.BAD_REQUEST, "bad_data", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<LokiError> badQuery(QueryParseException e) {
        return answer(HttpStatus.BAD_REQUEST, "bad_data", parseError(e));
    }

    @ExceptionHandler
    ResponseEntity<LokiError> refused(TenantAccessException e) {
        if (e.isForbidden()) {
            return answer(HttpStatus.FORBIDDEN, "forbidden", "X-Scope-OrgID or X-Sluice-Tenant names another tenant than the API key's");
        }
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, ApiKeyHeaders.CHALLENGE)
                .body(LokiError.of("unauthorized", e.getMessage()));
    }

    @ExceptionHandler
    ResponseEntity<LokiError> tooBig(QueryLimitException e) {
        return answer(HttpStatus.UNPROCESSABLE_CONTENT, "execution", e.getMessage());
    }

    @ExceptionHandler({SearchTimeoutException.class, TimeoutException.class})
    ResponseEntity<LokiError> tooSlow(Exception e) {
        return answer(HttpStatus.GATEWAY_TIMEOUT, "timeout", e.getMessage() == null ? "the query timed out" : e.getMessage());
    }

    @ExceptionHandler({TenancyUnavailableException.class, EngineUnavailableException.class})
    ResponseEntity<LokiError> unavailable(RuntimeException e) {
        log.warn("Loki API request refused: {}", e.getMessage(), e.getCause());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(LokiError.of("unavailable", e.getMessage()));
    }

    @ExceptionHandler({R2dbcException.class, DataAccessException.class})
    ResponseEntity<LokiError> storeUnavailable(Exception e) {
        log.warn("Loki API query failed in the store: {}", e.toString());
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header(HttpHeaders.RETRY_AFTER, "1")
                .body(LokiError.of("unavailable", "the log store is unavailable right now; retry later"));
    }

    @ExceptionHandler
    ResponseEntity<LokiError> bug(Exception e) {
        log.error("Loki API request failed", e);
        return answer(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "internal error: " + e.getClass().getSimpleName());
    }

    /** Loki's text for a parse error: {@code parse error at line L, col C: <problem>}. */
    static String parseError(QueryParseException e, String query) {
        String message = e.getMessage();
        String suffix = " at column " + e.column();
        String problem = message.endsWith(suffix) ? message.substring(0, message.length() - suffix.length()) : message;
        int line = 1;
        int col = e.column();
        if (query != null) {
            int offset = Math.min(e.column() - 1, query.length());
            int lastBreak = query.lastIndexOf('\n', offset - 1);
            for (int i = 0; i < offset; i++) {
                if (query.charAt(i) == '\n') {
                    line++;
                }
            }
            col = offset - lastBreak;
        }
        return "parse error at line " + line + ", col " + col + ": " + problem;
    }

    private static String parseError(QueryParseException e) {
        return parseError(e, null);
    }

    private static ResponseEntity<LokiError> answer(HttpStatus status, String type, String message) {
        return ResponseEntity.status(status).body(LokiError.of(type, message));
    }
}
