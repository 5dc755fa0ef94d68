package io.sluice.admin.loki;

import java.util.List;
import java.util.Map;

/**
 * The {@code data} of a query answer.
 *
 * @param resultType {@code streams} (log query), {@code matrix} (metric range query), {@code vector}
 *     (metric instant query) or {@code scalar}
 * @param result a list of {@link StreamResult}, {@link MatrixResult} or {@link VectorResult}; for a
 *     scalar the pair {@code [<unix seconds>, "<value>"]}
 * @param stats what the query cost, in Loki's {@code stats} layout ({@link LokiJson#stats})
 */
record QueryData(String resultType, Object result, Map<String, Object> stats) {

    /** One stream of a log query: its labels and its {@code ["<unix nanos>", "<line>"]} entries. */
    record StreamResult(Map<String, String> stream, List<List<String>> values) {
    }

    /** One series of a range metric query: its labels and its {@code [<unix seconds>, "<value>"]} points. */
    record MatrixResult(Map<String, String> metric, List<List<Object>> values) {
    }

    /** One sample of an instant metric query: its labels and its {@code [<unix seconds>, "<value>"]}. */
    record VectorResult(Map<String, String> metric, List<Object> value) {
    }
}
