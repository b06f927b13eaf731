package org.dbn4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The executor-wide partition states: released once each, however many tasks release them at once. */
class ExecutorSideTest {

    @Test
    void concurrentReleasesCloseEachStateExactlyOnce() throws Exception {
        int tasks = 4;
        ExecutorService pool = Executors.newFixedThreadPool(tasks);
        try {
            for (int trial = 0; trial < 200; trial++) {
                String prefix = "executor-side-test/" + trial + "/";
                List<AtomicInteger> closes = new ArrayList<>();
                for (int p = 0; p < 16; p++) {
                    AtomicInteger count = new AtomicInteger();
                    closes.add(count);
                    ExecutorSide.keep(prefix + p, count::incrementAndGet);
                }
                ExecutorSide.keep("executor-side-test/other/" + trial, () -> {
                    throw new AssertionError("a state outside the prefix was closed");
                });
                CyclicBarrier start = new CyclicBarrier(tasks);
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < tasks; t++) {
                    done.add(pool.submit(() -> {
                        start.await();
                        ExecutorSide.release(prefix);
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
                for (int p = 0; p < closes.size(); p++) {
                    assertEquals(1, closes.get(p).get(), "state " + p + " of trial " + trial);
                    assertNull(ExecutorSide.state(prefix + p));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
