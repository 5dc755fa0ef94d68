package io.sluice.alert.intake;

import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.sluice.common.proto.alert.v1.FindingsAck;
import io.sluice.common.proto.alert.v1.FindingsBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code AlertIntake.ReportStream} call. Backpressure is gRPC flow control: automatic reading
 * is off, {@code concurrency} messages are requested at the start and one more each time a batch's
 * ack has been sent, so at most {@code concurrency} batches are received-but-unacknowledged and a
 * slow store makes the sender's transport window fill up. Every batch gets exactly one ack with its
 * batch id, in order of completion; a batch that could not be stored gets an error ack and the
 * stream goes on. After the client half-closes, the call completes once the last ack is out.
 * Callbacks arrive on gRPC and Reactor threads; writes to the response are serialised on this object.
 */
final class FindingsStreamHandler implements StreamObserver<FindingsBatch> {

    private static final Logger log = LoggerFactory.getLogger(FindingsStreamHandler.class);

    private final AlertIntakeService intake;
    private final ServerCallStreamObserver<FindingsAck> out;
    private int handling;
    private boolean halfClosed;
    private boolean done;

    FindingsStreamHandler(AlertIntakeService intake, ServerCallStreamObserver<FindingsAck> out, int concurrency) {
        this.intake = intake;
        this.out = out;
        out.disableAutoRequest();
        out.setOnCancelHandler(this::cancelled);
        out.request(concurrency);
    }

    @Override
    public void onNext(FindingsBatch batch) {
        synchronized (this) {
            handling++;
        }
        intake.ack(batch).subscribe(this::answer);
    }

    private void answer(FindingsAck ack) {
        synchronized (this) {
            handling--;
            if (done) {
                return;
            }
            out.onNext(ack);
            if (halfClosed && handling == 0) {
                done = true;
                out.onCompleted();
                return;
            }
        }
        out.request(1);
    }

    @Override
    public synchronized void onError(Throwable t) {
        done = true;
        log.debug("findings stream ended by the client: {}", Status.fromThrowable(t));
    }

    @Override
    public synchronized void onCompleted() {
        halfClosed = true;
        if (handling == 0 && !done) {
            done = true;
            out.onCompleted();
        }
    }

    private synchronized void cancelled() {
        done = true;
    }
}
