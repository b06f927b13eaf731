package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void aTaskPublishedBeforeTheWorkersStartedStillRunsOnEveryPart() {
        // Regression: a worker that read the generation when its thread started skipped a task
        // published before then, and the caller waited forever.
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (int round = 0; round < 300; round++) {
                try (WorkerPool pool = new WorkerPool(3, "test")) {
                    AtomicIntegerArray ran = new AtomicIntegerArray(3);
                    assertTrue(pool.tryRun((part, parts, scratch) -> ran.incrementAndGet(part), new Scratch()));
                    for (int p = 0; p < 3; p++) {
                        assertEquals(1, ran.get(p), "part " + p + " in round " + round);
                    }
                }
            }
        });
    }

    @Test
    void manyBackToBackTasksRunEveryPartOnce() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            AtomicInteger total = new AtomicInteger();
            Scratch scratch = new Scratch();
            for (int i = 0; i < 20000; i++) {
                pool.tryRun((part, parts, s) -> total.addAndGet(part + 1), scratch);
            }
            assertEquals(20000 * 3, total.get());
        }
    }

    @Test
    void aFailureInAWorkerReachesTheCaller() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.tryRun((part, parts, s) -> {
                if (part == 1) {
                    throw new IllegalStateException("boom in part 1");
                }
            }, new Scratch()));
            assertEquals("boom in part 1", e.getMessage());
            AtomicInteger after = new AtomicInteger();
            pool.tryRun((part, parts, s) -> after.incrementAndGet(), new Scratch());
            assertEquals(2, after.get(), "the team keeps working after a failure");
        }
    }
}
