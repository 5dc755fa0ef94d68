package io.sluice.alert.channel;

import io.sluice.platform.web.JsonApiErrors;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The error bodies of the channel and notification APIs: {@code {"error": "…"}}, plus
 * {@code "fields"} (field → message) for an invalid channel. Scoped to these controllers.
 */
@RestControllerAdvice(assignableTypes = {ChannelController.class, NotificationController.class})
public class ChannelApiErrors extends JsonApiErrors {

    @ExceptionHandler(ChannelValidationException.class)
    ResponseEntity<Map<String, Object>> invalidChannel(ChannelValidationException e) {
        return invalid("invalid channel", e.fields());
    }
}
