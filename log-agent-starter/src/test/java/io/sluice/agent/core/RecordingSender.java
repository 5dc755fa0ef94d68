package io.sluice.agent.core;

import io.sluice.common.proto.ingest.v1.LogBatch;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * An in-memory {@link BatchSender} for unit tests of the agent's own logic: records every attempt
 * with the time it was made and answers from a script (default: accept everything).
 */
final class RecordingSender implements BatchSender {

    record Attempt(LogBatch batch, long nanoTime) {
    }

    private final List<Attempt> attempts = new ArrayList<>();
    private final List<LogBatch> acknowledged = new ArrayList<>();
    private final Deque<SendException> scriptedFailures = new ArrayDeque<>();
    private SendException permanentFailure;
    private Integer rejectPerBatch;
    private volatile boolean closed;

    synchronized RecordingSender failNext(int times, boolean transientFailure) {
        for (int i = 0; i < times; i++) {
            scriptedFailures.add(new SendException("scripted failure", transientFailure, transientFailure ? retryAfterNanos : -1, null));
        }
        return this;
    }

    synchronized RecordingSender failAlways() {
        permanentFailure = new SendException("ingest down", true, retryAfterNanos, null);
        return this;
    }

    synchronized RecordingSender rejectEach(int events) {
        rejectPerBatch = events;
        return this;
    }

    private long retryAfterNanos = -1;

    synchronized RecordingSender retryAfter(Duration hint) {
        retryAfterNanos = hint.toNanos();
        return this;
    }

    synchronized RecordingSender recover() {
        permanentFailure = null;
        return this;
    }

    /** Answers at once, on the calling (worker) thread, as a transport that fails fast would. */
    @Override
    public void send(byte[] bytes, int length, long timeoutNanos, Callback callback) {
        SendResult result;
        try {
            result = answer(bytes, length);
        } catch (SendException e) {
            callback.failed(e);
            return;
        }
        callback.completed(result);
    }

    private synchronized SendResult answer(byte[] bytes, int length) throws SendException {
        LogBatch batch;
        try {
            batch = LogBatch.parseFrom(java.nio.ByteBuffer.wrap(bytes, 0, length));
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError("the agent sent bytes that are no LogBatch", e);
        }
        attempts.add(new Attempt(batch, System.nanoTime()));
        if (permanentFailure != null) {
            throw permanentFailure;
        }
        SendException next = scriptedFailures.poll();
        if (next != null) {
            throw next;
        }
        acknowledged.add(batch);
        int rejected = rejectPerBatch == null ? 0 : Math.min(rejectPerBatch, batch.getEventsCount());
        return new SendResult(batch.getEventsCount() - rejected, rejected, rejected == 0 ? "" : "bad events");
    }

    synchronized List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    synchronized List<LogBatch> acknowledged() {
        return List.copyOf(acknowledged);
    }

    synchronized List<Integer> acknowledgedSizes() {
        return acknowledged.stream().map(LogBatch::getEventsCount).toList();
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
    }
}
