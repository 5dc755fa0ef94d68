package io.sluice.ingest.http;

import io.sluice.ingest.validate.EventCheck;
import io.sluice.ingest.validate.EventValidator;
import io.sluice.ingest.validate.Rejection;
import io.sluice.ingest.validate.ValidatedBatch;
import java.nio.CharBuffer;
import org.springframework.http.HttpStatus;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.cfg.JsonNodeFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.NullNode;

/**
 * Reads the events of an HTTP request body and validates each: either a JSON array of event
 * objects, or a sequence of event objects (NDJSON, one per line). The form is taken from the
 * Content-Type ({@code application/x-ndjson} means a sequence) or else from the first token.
 * Events are streamed one at a time from the parser; reading stops as soon as the request has more
 * events than allowed. Malformed JSON fails the whole request (400) with the parser's message and
 * position, because nothing after a syntax error can be trusted to be where the client meant it.
 * Decimal numbers in attributes are kept digit for digit (read as BigDecimal, not double).
 */
final class JsonBatchReader {

    private final ObjectReader json;
    private final JsonEventDecoder decoder;
    private final EventValidator validator;
    private final int maxEvents;

    JsonBatchReader(JsonMapper json, EventValidator validator, int maxEvents) {
        this.json = json.reader()
                .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .with(JsonNodeFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .without(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES);
        this.decoder = new JsonEventDecoder(json);
        this.validator = validator;
        this.maxEvents = maxEvents;
    }

    /** The validated events of {@code body}; a 400 {@link RequestProblem} when it cannot be read. */
    ValidatedBatch read(CharBuffer body, boolean ndjson) {
        ValidatedBatch.Builder batch = new ValidatedBatch.Builder();
        EventValidator.Batch checks = validator.batch();
        try (JsonParser parser = json.createParser(body.array(), body.arrayOffset() + body.position(), body.remaining())) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return batch.build();
            }
            if (first == JsonToken.START_ARRAY && !ndjson) {
                int index = 0;
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    add(batch, checks, index++, parser);
                }
                if (parser.nextToken() != null) {
                    throw malformed("unexpected content after the closing ']' of the event array", parser.currentTokenLocation());
                }
            } else {
                int index = 0;
                do {
                    add(batch, checks, index++, parser);
                } while (parser.nextToken() != null);
            }
            return batch.build();
        } catch (JacksonException e) {
            throw malformed(e.getOriginalMessage(), e.getLocation());
        } catch (NumberFormatException e) {
            // Jackson reports a decimal beyond BigDecimal's limits (e.g. 1e999999999) this way, not as a JacksonException.
            throw new RequestProblem(HttpStatus.BAD_REQUEST, "malformed JSON: a number is out of range: " + e.getMessage());
        }
    }

    private void add(ValidatedBatch.Builder batch, EventValidator.Batch checks, int index, JsonParser parser) {
        if (index >= maxEvents) {
            throw new RequestProblem(HttpStatus.BAD_REQUEST,
                    "the batch has more than " + maxEvents + " events; at most " + maxEvents + " are accepted per request");
        }
        JsonNode node = json.readTree(parser);
        JsonEventDecoder.Decoded decoded = decoder.decode(node == null ? NullNode.getInstance() : node);
        batch.add(decoded.problem() != null
                ? new EventCheck.Invalid(Rejection.of(index, decoded.problem()))
                : checks.check(index, decoded.event()));
    }

    private static RequestProblem malformed(String message, TokenStreamLocation location) {
        String where = location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
        return new RequestProblem(HttpStatus.BAD_REQUEST, "malformed JSON" + where + ": " + message);
    }
}
