package org.dbn4j.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of threads that run one task at a time, split into parts. Every thread of the
 * team, the calling one included, claims the next unclaimed part until none is left, so a part
 * runs on whichever thread is free first: a worker that starts late, or that the host stops
 * for a while, leaves its parts to the others instead of holding the caller up.
 *
 * <p>Dispatch allocates nothing, and idle workers spin for a short while before they park, so
 * the back-to-back operations of a training step start within a microsecond instead of waiting
 * for a thread to wake. One task runs at a time; a caller that finds the team busy is told so
 * and runs its task alone.
 */
final class WorkerPool implements AutoCloseable {

    /**
     * Work split into parts; each part is called once, on some thread of the team, with that
     * thread's scratch. A thread may run several parts of one task, one after the other.
     */
    interface Task {
        void run(int part, int parts, Scratch scratch);
    }

    /** How long an idle worker keeps spinning before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private final int parallelism;
    private final Worker[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    /** Most parts of one task: the part count and the next part share a word with the generation. */
    static final int MAX_PARTS = 0xffff;

    /**
     * What threads claim parts from, in one word: the running task's generation (its low 32
     * bits), its part count and the next unclaimed part (16 bits each). A thread that holds an
     * older generation can claim nothing of the new task, and a claim always sees the part count
     * of the task it claims from.
     */
    private final AtomicLong claims = new AtomicLong();
    private final AtomicInteger finished = new AtomicInteger();
    private volatile Task task;
    private volatile long generation;
    private volatile Throwable failure;
    private volatile Thread waiter;
    private volatile boolean closed;

    WorkerPool(int parallelism, String name) {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        this.parallelism = parallelism;
        this.workers = new Worker[parallelism - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(name + "-" + (i + 1));
            workers[i].thread.start();
        }
    }

    int parallelism() {
        return parallelism;
    }

    /**
     * Runs a task in one part per thread of the team, if the team is free.
     *
     * @return false if another thread holds the team; the task did not run
     */
    boolean tryRun(Task t, Scratch callerScratch) {
        return tryRun(t, parallelism, callerScratch);
    }

    /**
     * Runs a task in {@code parts} parts on the whole team if it is free; the caller's scratch
     * serves the parts the calling thread claims.
     *
     * @return false if another thread holds the team; the task did not run
     */
    boolean tryRun(Task t, int parts, Scratch callerScratch) {
        if (parts < 1 || parts > MAX_PARTS) {
            throw new IllegalArgumentException("a task has 1 to " + MAX_PARTS + " parts, got " + parts);
        }
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (closed) {
                throw new IllegalStateException("the cpu-simd backend is closed");
            }
            if (parallelism == 1 || parts == 1) {
                for (int part = 0; part < parts; part++) {
                    t.run(part, parts, callerScratch);
                }
                return true;
            }
            failure = null;
            task = t;
            finished.set(0);
            long g = generation + 1;
            claims.set(g << 32 | (long) parts << 16);
            generation = g;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
            runParts(t, g, callerScratch);
            awaitFinished(parts);
            task = null;
            Throwable f = failure;
            if (f != null) {
                throwUnchecked(f);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Claims and runs parts of generation {@code g} until none is left unclaimed. */
    private void runParts(Task t, long g, Scratch scratch) {
        int owner = (int) g;
        while (true) {
            long c = claims.get();
            int parts = (int) (c >>> 16) & MAX_PARTS;
            int part = (int) c & MAX_PARTS;
            if ((int) (c >>> 32) != owner || part >= parts) {
                return;
            }
            if (!claims.compareAndSet(c, c + 1)) {
                continue;
            }
            try {
                t.run(part, parts, scratch);
            } catch (Throwable e) {
                if (failure == null) {
                    failure = e;
                }
            } finally {
                if (finished.incrementAndGet() == parts) {
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    private void awaitFinished(int parts) {
        long start = System.nanoTime();
        while (finished.get() < parts) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                waiter = Thread.currentThread();
                if (finished.get() < parts) {
                    LockSupport.parkNanos(this, 100_000);
                }
                waiter = null;
            }
        }
    }

    private static void throwUnchecked(Throwable t) {
        if (t instanceof RuntimeException re) {
            throw re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(t);
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            for (Worker w : workers) {
                LockSupport.unpark(w.thread);
            }
        } finally {
            lock.unlock();
        }
        for (Worker w : workers) {
            try {
                w.thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private final class Worker implements Runnable {
        final Thread thread;
        final Scratch scratch = new Scratch();
        volatile boolean parked;

        Worker(String name) {
            this.thread = new Thread(this, name);
            this.thread.setDaemon(true);
        }

        @Override
        public void run() {
            // Generation 0 is "no task yet", fixed before the thread starts: reading the field here
            // instead would skip a task published before this thread first ran, and its caller
            // would wait for it forever.
            long seen = 0;
            while (!closed) {
                long g = generation;
                if (g == seen) {
                    idle(seen);
                    continue;
                }
                seen = g;
                // Read after the generation, which is written last: this is generation g's task
                // or a later one's, and a claim under g succeeds only while g is unfinished, when
                // no later task can have been published.
                Task t = task;
                if (t != null) {
                    runParts(t, g, scratch);
                }
            }
        }

        private void idle(long seen) {
            long start = System.nanoTime();
            while (generation == seen && !closed) {
                if (System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                } else {
                    parked = true;
                    if (generation == seen && !closed) {
                        LockSupport.park(this);
                    }
                    parked = false;
                    start = System.nanoTime();
                }
            }
        }
    }
}
