package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
    void aReusedTaskWhosePartCountChangesRunsEveryPartOnceWithItsOwnCount() {
        // Regression: a worker that read the part count apart from its claim could run a part of
        // the next task, with the next task's count, before that task was published.
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            int tasks = 20000;
            AtomicIntegerArray runs = new AtomicIntegerArray(tasks * 40);
            AtomicInteger wrongCount = new AtomicInteger();
            int[] current = new int[2];
            WorkerPool.Task task = (part, parts, s) -> {
                if (parts != current[1]) {
                    wrongCount.incrementAndGet();
                }
                runs.incrementAndGet(current[0] * 40 + part);
            };
            SplittableRandom random = new SplittableRandom(7);
            Scratch scratch = new Scratch();
            int expected = 0;
            for (int id = 0; id < tasks; id++) {
                current[0] = id;
                current[1] = random.nextInt(1, 41);
                expected += current[1];
                assertTrue(pool.tryRun(task, current[1], scratch));
            }
            assertEquals(0, wrongCount.get(), "parts run with another task's part count");
            int total = 0;
            for (int i = 0; i < runs.length(); i++) {
                assertTrue(runs.get(i) <= 1, "part " + i % 40 + " of task " + i / 40 + " ran " + runs.get(i) + " times");
                total += runs.get(i);
            }
            assertEquals(expected, total, "every part of every task runs once");
        }
    }

    @Test
    void workersTakePartsAsTheyComeFree() {
        // Part 0 cannot finish until another part has: so some other thread runs parts while the
        // caller is busy with its own.
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            for (int round = 0; round < 200; round++) {
                CountDownLatch others = new CountDownLatch(1);
                AtomicIntegerArray ran = new AtomicIntegerArray(8);
                assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertTrue(pool.tryRun((part, parts, s) -> {
                    if (part == 0) {
                        try {
                            assertTrue(others.await(5, TimeUnit.SECONDS));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    } else {
                        others.countDown();
                    }
                    ran.incrementAndGet(part);
                }, 8, new Scratch())));
                for (int p = 0; p < 8; p++) {
                    assertEquals(1, ran.get(p), "part " + p + " in round " + round);
                }
            }
        }
    }

    @Test
    void aPartCountOutOfRangeIsRefused() {
        try (WorkerPool pool = new WorkerPool(2, "test")) {
            assertThrows(IllegalArgumentException.class, () -> pool.tryRun((part, parts, s) -> { }, 0, new Scratch()));
            assertThrows(IllegalArgumentException.class,
                    () -> pool.tryRun((part, parts, s) -> { }, WorkerPool.MAX_PARTS + 1, new Scratch()));
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
