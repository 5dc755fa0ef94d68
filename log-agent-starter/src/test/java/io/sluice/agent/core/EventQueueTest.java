package io.sluice.agent.core;

import static io.sluice.agent.core.Events.event;
import static io.sluice.agent.core.Events.info;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.common.proto.ingest.v1.LogEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void drainsOldestFirstAndAtMostTheRequestedNumber() {
        EventQueue queue = new EventQueue(10);
        for (int i = 0; i < 5; i++) {
            assertThat(queue.offer(info(i))).isTrue();
        }
        List<LogEvent> sink = new ArrayList<>();

        assertThat(queue.drainTo(sink, 3)).isEqualTo(3);
        assertThat(queue.drainTo(sink, 10)).isEqualTo(2);

        assertThat(sink).extracting(LogEvent::getMessage)
                .containsExactly("event 0", "event 1", "event 2", "event 3", "event 4");
        assertThat(queue.size()).isZero();
    }

    @Test
    void wrapsAroundTheRingWithoutLosingOrder() {
        EventQueue queue = new EventQueue(4);
        List<LogEvent> sink = new ArrayList<>();
        for (int round = 0; round < 5; round++) {
            queue.offer(event("ERROR", "a" + round));
            queue.offer(event("ERROR", "b" + round));
            queue.offer(event("ERROR", "c" + round));
            queue.drainTo(sink, 3);
        }
        assertThat(sink).extracting(LogEvent::getMessage).containsExactly(
                "a0", "b0", "c0", "a1", "b1", "c1", "a2", "b2", "c2", "a3", "b3", "c3", "a4", "b4", "c4");
    }

    @Test
    void refusesEventsWhenFullInsteadOfWaiting() {
        EventQueue queue = new EventQueue(3);
        assertThat(queue.offer(event("ERROR", "1"))).isTrue();
        assertThat(queue.offer(event("ERROR", "2"))).isTrue();
        assertThat(queue.offer(event("ERROR", "3"))).isTrue();

        assertThat(queue.offer(event("ERROR", "4"))).isFalse();
        assertThat(queue.size()).isEqualTo(3);
    }

    @Test
    void dropsInfoBeforeErrorWhenQueueIsFull() {
        EventQueue queue = new EventQueue(100);
        int infoAccepted = 0;
        for (int i = 0; i < 200; i++) {
            if (queue.offer(info(i))) {
                infoAccepted++;
            }
        }
        int errorsAccepted = 0;
        for (int i = 0; i < 20; i++) {
            if (queue.offer(event("ERROR", "error " + i))) {
                errorsAccepted++;
            }
        }

        assertThat(infoAccepted).isEqualTo(90);
        assertThat(errorsAccepted).isEqualTo(10);
        assertThat(queue.offer(event("DEBUG", "late debug"))).isFalse();
        assertThat(queue.offer(event("FATAL", "late fatal"))).isFalse();
    }

    @Test
    void awaitReturnsAsSoonAsAnEventArrivesOrAWakeUpIsRequested() throws InterruptedException {
        EventQueue queue = new EventQueue(10);
        long start = System.nanoTime();
        queue.wakeUp();
        queue.await(TimeUnit.SECONDS.toNanos(30));
        queue.offer(info(1));
        queue.await(TimeUnit.SECONDS.toNanos(30));

        assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }

    @Test
    void awaitGivesUpAfterItsTimeoutWhenNothingHappens() throws InterruptedException {
        EventQueue queue = new EventQueue(10);
        long start = System.nanoTime();
        queue.await(TimeUnit.MILLISECONDS.toNanos(50));

        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }
}
