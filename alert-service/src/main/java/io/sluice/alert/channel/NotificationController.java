package io.sluice.alert.channel;

import io.sluice.alert.access.KeyTenant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notification history: {@code GET /api/v1/alert/notifications?tenant=&channel=&status=&limit=}
 * (newest first) and {@code GET /api/v1/alert/notifications/{id}} (with every attempt and the
 * message as Alertmanager's JSON), of the API key's tenant only ({@link KeyTenant}; another
 * tenant's notification ids are unknown, 404).
 */
@RestController
@RequestMapping(path = "/api/v1/alert/notifications", produces = "application/json")
public class NotificationController {

    /** Largest {@code limit} accepted. */
    static final int MAX_LIMIT = 1000;
    private static final Set<String> STATUSES = Set.of("PENDING", "SENT", "FAILED");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NotificationHistory history;

    /** Serves {@code history}. */
    public NotificationController(NotificationHistory history) {
        this.history = history;
    }

    /** {@code {"notifications": [...]}}; {@code limit} 1 to 1000, default 100. */
    @GetMapping
    public Mono<Map<String, List<NotificationRecord>>> list(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant,
            @RequestParam(required = false) String channel, @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT));
        }
        String wanted = status == null ? null : status.trim().toUpperCase(java.util.Locale.ROOT);
        if (wanted != null && !STATUSES.contains(wanted)) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, "status must be PENDING, SENT or FAILED"));
        }
        return history.find(tenant, channel, wanted, limit).collectList().map(l -> Map.of("notifications", l));
    }

    /** One notification: its record, {@code "attemptLog"} and {@code "message"}. */
    @GetMapping("/{id}")
    public Mono<Map<String, Object>> get(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return history.findById(id)
                .filter(record -> KeyTenant.owns(tenant, record.tenant()))
                .switchIfEmpty(Mono.error(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "no notification with id " + id)))
                .flatMap(record -> history.attempts(id).collectList().zipWith(history.payload(id)).map(t -> {
                    Map<String, Object> body = new LinkedHashMap<>(JSON.convertValue(record, Map.class));
                    body.put("attemptLog", t.getT1());
                    body.put("message", JSON.readTree(t.getT2()));
                    return body;
                }));
    }
}
