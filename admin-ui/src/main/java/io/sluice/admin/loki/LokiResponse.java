package io.sluice.admin.loki;

/**
 * The envelope of every successful Loki API answer: {@code {"status":"success","data":…}}.
 *
 * @param status always {@code success}
 * @param data the answer: a {@link QueryData} for queries, a list for labels, values and series
 */
record LokiResponse(String status, Object data) {

    static LokiResponse success(Object data) {
        return new LokiResponse("success", data);
    }
}
