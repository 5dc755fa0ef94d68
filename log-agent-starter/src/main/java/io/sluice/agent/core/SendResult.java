package io.sluice.agent.core;

/**
 * Ingest's answer to one batch (partial success): how many events it stored and how many it
 * refused, and why.
 *
 * @param accepted events ingest stored
 * @param rejected events ingest refused as invalid
 * @param error summary of why events were refused; empty when none were
 */
public record SendResult(int accepted, int rejected, String error) {
}
