package io.sluice.agent.core.spool;

/**
 * Where one unacknowledged batch lies: the spool keeps these, not the payloads, in memory and
 * reads a batch back from its segment when it is due.
 */
record SpoolEntry(Segment segment, long offset, int length, long sequence, boolean priority) {
}
