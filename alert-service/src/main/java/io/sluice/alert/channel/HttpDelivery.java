package io.sluice.alert.channel;

import io.sluice.alert.RequestFields;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.publisher.Mono;

/**
 * One JSON POST of an HTTP channel, bounded by a timeout, its failures turned into
 * {@link DeliveryException}s: connection errors, timeouts, 5xx, 408 and 429 retryable, other
 * non-2xx not. Shared by the webhook, Slack and robot senders.
 */
public class HttpDelivery {

    private static final int MAX_ERROR_BODY = 200;

    private final WebClient http;
    private final Duration timeout;

    /**
     * @param http client for the POSTs
     * @param timeout bound of one POST, response included
     */
    public HttpDelivery(WebClient http, Duration timeout) {
        this.http = http;
        this.timeout = timeout;
    }

    /** POSTs {@code body} as JSON to {@code uri} with {@code headers}; the response body ("" when none) on 2xx. */
    public Mono<String> post(URI uri, Map<String, String> headers, Object body) {
        return http.post().uri(uri)
                .headers(h -> headers.forEach(h::set))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchangeToMono(r -> r.bodyToMono(String.class).defaultIfEmpty("").map(text -> {
                    int code = r.statusCode().value();
                    if (r.statusCode().is2xxSuccessful()) {
                        return text;
                    }
                    throw new DeliveryException("HTTP " + code + abbreviate(text), code >= 500 || code == 408 || code == 429);
                }))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof DeliveryException), this::describe);
    }

    private DeliveryException describe(Throwable e) {
        if (e instanceof TimeoutException) {
            return new DeliveryException("no response within " + timeout.toMillis() + " ms", true);
        }
        if (e instanceof WebClientRequestException) {
            return new DeliveryException("cannot reach " + ((WebClientRequestException) e).getUri().getHost() + ": "
                    + NestedExceptionUtils.getMostSpecificCause(e), true);
        }
        return new DeliveryException(e.toString(), true);
    }

    private static String abbreviate(String body) {
        String line = body.replaceAll("\\s+", " ").trim();
        if (line.isEmpty()) {
            return "";
        }
        return ": " + (line.length() > MAX_ERROR_BODY ? line.substring(0, MAX_ERROR_BODY) + "…" : line);
    }

    /** Checks the {@code url} setting into {@code errors}. */
    static void requireUrl(Map<String, Object> settings, Map<String, String> errors) {
        String problem = RequestFields.httpUrlProblem(ChannelSettings.string(settings, "url"));
        if (problem != null) {
            errors.put("settings.url", problem);
        }
    }
}
