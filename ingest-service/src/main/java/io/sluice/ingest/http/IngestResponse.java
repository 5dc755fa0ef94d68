package io.sluice.ingest.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sluice.ingest.validate.Rejection;
import java.util.List;

/**
 * The JSON body of every answer of {@code POST /api/v1/logs}:
 * {@code {"accepted":n,"rejected":m,"errors":[{"index":i,"reason":"..."}]}} on success (200), with
 * an additional {@code "error"} saying what was wrong when the request failed as a whole.
 *
 * @param error what was wrong with the request; absent on success
 * @param accepted events stored
 * @param rejected events not stored because they were invalid
 * @param errors one entry per rejected event
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record IngestResponse(String error, int accepted, int rejected, List<Rejection> errors) {

    static IngestResponse failed(String error) {
        return new IngestResponse(error, 0, 0, List.of());
    }

    static IngestResponse failed(String error, List<Rejection> rejections) {
        return new IngestResponse(error, 0, rejections.size(), rejections);
    }
}
