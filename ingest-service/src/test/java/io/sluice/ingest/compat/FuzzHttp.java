package io.sluice.ingest.compat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Sends one fuzz frame over HTTP with occasionally odd headers and reports its outcome. */
public final class FuzzHttp {

    private FuzzHttp() {
    }

    /**
     * POSTs {@code body} to {@code url} with {@code contentType} and {@code auth}; 1 in 10 frames is
     * gzipped (announced), 1 in 40 claims gzip without being gzip, 1 in 40 has a garbled
     * Content-Type.
     */
    public static FuzzRun.Outcome post(SplittableRandom random, String url, byte[] body, String contentType, String auth) {
        List<String> headers = new ArrayList<>(List.of("Authorization", auth));
        int dice = random.nextInt(40);
        byte[] sent = body;
        if (dice < 4) {
            sent = RawHttp.gzip(body);
            headers.addAll(List.of("Content-Encoding", "gzip"));
        } else if (dice == 4) {
            headers.addAll(List.of("Content-Encoding", "gzip"));
        }
        headers.addAll(List.of("Content-Type", dice == 5 ? "application/;;x" : contentType));
        try {
            return outcome(RawHttp.post(url, sent, headers.toArray(String[]::new)));
        } catch (java.io.UncheckedIOException e) {
            return new FuzzRun.Outcome("NO_ANSWER", e.getCause() + " for frame " + headers + " base64:"
                    + java.util.Base64.getEncoder().encodeToString(body));
        }
    }

    /** The status and, for a failure, the body text. */
    public static FuzzRun.Outcome outcome(HttpResponse<byte[]> response) {
        int status = response.statusCode();
        return new FuzzRun.Outcome(Integer.toString(status), status < 300 ? null : RawHttp.text(response));
    }
}
