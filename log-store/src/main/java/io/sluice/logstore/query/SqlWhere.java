package io.sluice.logstore.query;

import io.sluice.common.query.LabelMatcher;
import io.sluice.common.query.LineFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a search, translated from a {@link SearchRequest}. Every value of the query
 * becomes a bind parameter; only column names and operators chosen here appear in the SQL text.
 *
 * @param sql the condition, starting after {@code WHERE}
 * @param params the bind values, in the order of the {@code ?} markers
 */
record SqlWhere(String sql, List<Object> params) {

    static SqlWhere of(SearchRequest request) {
        StringBuilder sql = new StringBuilder("tenant = ? AND ts_nanos >= ? AND ts_nanos < ?");
        List<Object> params = new ArrayList<>();
        params.add(request.tenant());
        params.add(request.fromNanos());
        params.add(request.toNanos());
        for (LabelMatcher m : request.query().matchers()) {
            String column = column(m.label());
            switch (m.op()) {
                case EQ -> {
                    sql.append(" AND ").append(column).append(" = ?");
                    params.add(m.value());
                }
                case NEQ -> {
                    sql.append(" AND ").append(column).append(" <> ?");
                    params.add(m.value());
                }
                case RE -> {
                    sql.append(" AND ").append(column).append(" REGEXP ?");
                    params.add(anchored(m.value()));
                }
                case NRE -> {
                    sql.append(" AND ").append(column).append(" NOT REGEXP ?");
                    params.add(anchored(m.value()));
                }
            }
        }
        for (LineFilter f : request.query().filters()) {
            switch (f.op()) {
                case CONTAINS -> sql.append(" AND LOCATE(?, message) > 0");
                case NOT_CONTAINS -> sql.append(" AND LOCATE(?, message) = 0");
                case REGEX -> sql.append(" AND message REGEXP ?");
                case NOT_REGEX -> sql.append(" AND message NOT REGEXP ?");
            }
            params.add(f.value());
        }
        return new SqlWhere(sql.toString(), List.copyOf(params));
    }

    /** LogQL anchors selector regular expressions at both ends. */
    private static String anchored(String regex) {
        return "^(?:" + regex + ")$";
    }

    private static String column(String label) {
        return switch (label) {
            case "service" -> "service";
            case "host" -> "host";
            case "level" -> "level";
            default -> throw new IllegalArgumentException("unknown stream label '" + label + "'");
        };
    }
}
