package org.dbn4j.simd;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A fixed team of threads that run one task at a time, split into parts: the calling thread
 * runs part 0 and {@code parallelism - 1} worker threads run the others.
 *
 * <p>Dispatch allocates nothing, and idle workers spin for a short while before they park, so
 * the back-to-back operations of a training step start within a microsecond instead of waiting
 * for a thread to wake. One task runs at a time; a caller that finds the team busy is told so
 * and runs its task alone.
 */
final class WorkerPool implements AutoCloseable {

    /** Work split into parts; each part is called once, on some thread, with its own scratch. */
    interface Task {
        void run(int part, int parts, Scratch scratch);
    }

    /** How long an idle worker keeps spinning before it parks. */
    private static final long SPIN_NANOS = 200_000;

    private final int parallelism;
    private final Worker[] workers;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicInteger pending = new AtomicInteger();
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
            workers[i] = new Worker(i + 1, name + "-" + (i + 1));
            workers[i].thread.start();
        }
    }

    int parallelism() {
        return parallelism;
    }

    /**
     * Runs a task on the whole team if it is free, with the caller's scratch for part 0.
     *
     * @return false if another thread holds the team; the task did not run
     */
    boolean tryRun(Task t, Scratch callerScratch) {
        if (!lock.tryLock()) {
            return false;
        }
        try {
            if (closed) {
                throw new IllegalStateException("the cpu-simd backend is closed");
            }
            if (parallelism == 1) {
                t.run(0, 1, callerScratch);
                return true;
            }
            failure = null;
            task = t;
            pending.set(workers.length);
            generation = generation + 1;
            for (Worker w : workers) {
                if (w.parked) {
                    LockSupport.unpark(w.thread);
                }
            }
            Throwable own = null;
            try {
                t.run(0, parallelism, callerScratch);
            } catch (Throwable e) {
                own = e;
            }
            awaitWorkers();
            task = null;
            Throwable f = own != null ? own : failure;
            if (f != null) {
                throwUnchecked(f);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void awaitWorkers() {
        long start = System.nanoTime();
        while (pending.get() > 0) {
            if (System.nanoTime() - start < SPIN_NANOS) {
                Thread.onSpinWait();
            } else {
                waiter = Thread.currentThread();
                if (pending.get() > 0) {
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
        final int part;
        final Thread thread;
        final Scratch scratch = new Scratch();
        volatile boolean parked;

        Worker(int part, String name) {
            this.part = part;
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
                Task t = task;
                try {
                    if (t != null) {
                        t.run(part, parallelism, scratch);
                    }
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    if (pending.decrementAndGet() == 0) {
                        Thread w = waiter;
                        if (w != null) {
                            LockSupport.unpark(w);
                        }
                    }
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
