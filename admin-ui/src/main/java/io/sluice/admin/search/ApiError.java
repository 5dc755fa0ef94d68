package io.sluice.admin.search;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of a failed API call.
 *
 * @param error what was wrong, in words fit to show the user
 * @param column for a query that does not parse, the 1-based column of the problem; absent otherwise
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, Integer column) {
}
