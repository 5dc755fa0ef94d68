package io.sluice.ingest.otlp;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.sluice.ingest.compat.Failure;
import io.sluice.ingest.validate.Rejections;
import io.sluice.ingest.intake.IntakeResult;
import io.sluice.ingest.validate.Rejection;
import java.util.List;

/**
 * What an OTLP export is answered with, shared by the gRPC and HTTP transports. Stored events
 * (some possibly rejected) and a request whose every record was invalid both get a success
 * response whose {@code partial_success} counts and explains the rejected records, as OTLP
 * prescribes; an empty export is a plain success; a request refused as a whole (too many records)
 * or over the rate limit is a {@link Failure}.
 *
 * @param response the success response, or null
 * @param failure the failure, or null
 */
record OtlpAnswers(ExportLogsServiceResponse response, Failure failure) {

    static OtlpAnswers of(IntakeResult result) {
        if (result instanceof IntakeResult.Stored stored) {
            return new OtlpAnswers(response(stored.rejected()), null);
        }
        if (result instanceof IntakeResult.Limited limited) {
            return new OtlpAnswers(null, Failure.of(limited));
        }
        IntakeResult.Refused refused = (IntakeResult.Refused) result;
        if (!refused.rejected().isEmpty()) {
            return new OtlpAnswers(response(refused.rejected()), null);
        }
        return new OtlpAnswers(null, Failure.badRequest(refused.error()));
    }

    /** The answer to an export carrying no log record. */
    static OtlpAnswers empty() {
        return new OtlpAnswers(ExportLogsServiceResponse.getDefaultInstance(), null);
    }

    private static ExportLogsServiceResponse response(List<Rejection> rejected) {
        if (rejected.isEmpty()) {
            return ExportLogsServiceResponse.getDefaultInstance();
        }
        return ExportLogsServiceResponse.newBuilder()
                .setPartialSuccess(ExportLogsPartialSuccess.newBuilder()
                        .setRejectedLogRecords(rejected.size())
                        .setErrorMessage(rejected.size() + " log records rejected: " + Rejections.summary(rejected)))
                .build();
    }
}
