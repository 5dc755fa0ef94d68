package io.sluice.alert.channel;

import io.sluice.alert.access.KeyTenant;
import io.sluice.alert.notify.DeliveryResult;
import io.sluice.alert.notify.Notification;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * CRUD of notification channels ({@code /api/v1/alert/channels}, {@code …/{id}}) and the "send
 * test" action ({@code POST …/{id}/test}). Bodies are validated (400 naming each field); secrets
 * are masked in answers and kept when sent back masked; a name taken in the tenant is 409. Each
 * request acts for its API key's tenant ({@link KeyTenant}): a body naming another tenant gets 403,
 * other tenants' channels are unknown ids (404).
 */
@RestController
@RequestMapping(path = "/api/v1/alert/channels", produces = "application/json")
public class ChannelController {

    private final ChannelRepository channels;
    private final ChannelValidator validator;
    private final ChannelDispatcher dispatcher;
    private final Clock clock;

    /**
     * @param channels the stored channels
     * @param validator checks definitions
     * @param dispatcher delivers test notifications
     * @param clock creation and test times
     */
    public ChannelController(ChannelRepository channels, ChannelValidator validator, ChannelDispatcher dispatcher, Clock clock) {
        this.channels = channels;
        this.validator = validator;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /** {@code {"channels": [...]}} of the key's tenant. */
    @GetMapping
    public Mono<Map<String, List<Channel>>> list(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant) {
        return channels.findAll(tenant).map(Channel::masked).collectList().map(l -> Map.of("channels", l));
    }

    /** Creates a channel; 201 with the stored channel and its location. */
    @PostMapping(consumes = "application/json")
    public Mono<ResponseEntity<Channel>> create(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant,
            @RequestBody(required = false) ChannelRequest body) {
        return Mono.fromCallable(() -> validator.validate(ofTenant(body, tenant)))
                .flatMap(d -> channels.insert(d, clock.millis()).onErrorMap(DuplicateKeyException.class, e -> taken(d)))
                .map(c -> ResponseEntity.created(URI.create("/api/v1/alert/channels/" + c.id())).body(c.masked()));
    }

    /** One channel. */
    @GetMapping("/{id}")
    public Mono<Channel> get(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id).map(Channel::masked);
    }

    /** Replaces a channel's definition; masked secrets keep their stored values. */
    @PutMapping(path = "/{id}", consumes = "application/json")
    public Mono<Channel> update(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id,
            @RequestBody(required = false) ChannelRequest request) {
        return owned(tenant, id)
                .map(stored -> {
                    ChannelRequest body = ofTenant(request, tenant);
                    return validator.validate(body == null || body.settings() == null ? body
                            : new ChannelRequest(body.tenant(), body.name(), body.type(),
                                    ChannelSettings.unmask(body.settings(), stored.settings()), body.template()));
                })
                .flatMap(d -> channels.update(id, d, clock.millis()).onErrorMap(DuplicateKeyException.class, e -> taken(d)))
                .map(Channel::masked);
    }

    /** Deletes a channel; 204, or 404 when there is none. */
    @DeleteMapping("/{id}")
    public Mono<ResponseEntity<Void>> delete(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id).then(channels.delete(id))
                .flatMap(found -> found ? Mono.just(ResponseEntity.noContent().<Void>build()) : Mono.error(notFound(id)));
    }

    /**
     * Sends a test notification (one firing alert {@code SluiceTestNotification}) through the
     * channel, with the usual retries, and records it in the history marked as a test. 200 with
     * the outcome when delivered, 502 with the outcome when not.
     */
    @PostMapping("/{id}/test")
    public Mono<ResponseEntity<DeliveryResult>> test(@RequestAttribute(KeyTenant.ATTRIBUTE) String tenant, @PathVariable long id) {
        return owned(tenant, id)
                .flatMap(c -> dispatcher.deliver(c, TestNotification.of(c, clock.instant()), true))
                .map(r -> ResponseEntity.status(r.sent() ? HttpStatus.OK : HttpStatus.BAD_GATEWAY).body(r));
    }

    /** Channel {@code id} when {@code tenant} owns it; else 404, as if it did not exist. */
    private Mono<Channel> owned(String tenant, long id) {
        return channels.findById(id).filter(c -> KeyTenant.owns(tenant, c.tenant())).switchIfEmpty(Mono.error(() -> notFound(id)));
    }

    /** {@code body} acting for {@code tenant}: 403 when it names another tenant. */
    private static ChannelRequest ofTenant(ChannelRequest body, String tenant) {
        return body == null ? null : body.withTenant(KeyTenant.require(body.tenant(), tenant));
    }

    private static ResponseStatusException notFound(long id) {
        return new ResponseStatusException(HttpStatus.NOT_FOUND, "no channel with id " + id);
    }

    private static ResponseStatusException taken(ChannelDraft d) {
        return new ResponseStatusException(HttpStatus.CONFLICT, "tenant " + d.tenant() + " already has a channel named '" + d.name() + "'");
    }

    /** The notification the "send test" action delivers. */
    static final class TestNotification {

        private TestNotification() {
        }

        static Notification of(Channel c, java.time.Instant now) {
            Map<String, String> labels = Map.of("alertname", "SluiceTestNotification", "severity", "info");
            Map<String, String> annotations = Map.of("summary", "Test notification from Sluice for channel " + c.name());
            return new Notification(c.name(), Notification.Status.FIRING, "{}:{alertname=\"SluiceTestNotification\"}",
                    Map.of("alertname", "SluiceTestNotification"), labels, annotations,
                    List.of(new Notification.Alert(labels, annotations, now, null, "test-" + c.id(), null)));
        }
    }
}
