package org.dbn4j.spark;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.TaskContext;
import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What lives in an executor's JVM between rounds: one backend per configuration, and the state
 * of each partition (its data on the backend, its estimator's chains, its buffers), so that a
 * round only ships parameters.
 */
final class ExecutorSide {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorSide.class);
    private static final Map<String, Backend> BACKENDS = new ConcurrentHashMap<>();
    private static final Map<String, AutoCloseable> STATES = new ConcurrentHashMap<>();
    private static final java.util.concurrent.atomic.AtomicInteger INJECTED = new java.util.concurrent.atomic.AtomicInteger();

    private ExecutorSide() {
    }

    /**
     * The backend of this JVM for a name (null: the JVM's own choice) and a thread count per task.
     * The backends' thread properties are set only while the backend is created.
     */
    static Backend backend(String name, int threads) {
        return BACKENDS.computeIfAbsent(name + "/" + threads, key -> {
            synchronized (ExecutorSide.class) {
                String simd = System.getProperty("dbn4j.simd.threads");
                String nd4j = System.getProperty("dbn4j.nd4j.threads");
                System.setProperty("dbn4j.simd.threads", Integer.toString(threads));
                System.setProperty("dbn4j.nd4j.threads", Integer.toString(threads));
                try {
                    Backend b = name == null ? Backends.create() : Backends.create(name);
                    LOG.info("dbn4j executor backend {} ({}), {} thread(s) per task", b.name(), b.description(), threads);
                    return b;
                } finally {
                    restore("dbn4j.simd.threads", simd);
                    restore("dbn4j.nd4j.threads", nd4j);
                }
            }
        });
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }

    /** The state kept for a key, or null. */
    @SuppressWarnings("unchecked")
    static <T extends AutoCloseable> T state(String key) {
        return (T) STATES.get(key);
    }

    /**
     * The state a partition keeps between the rounds of a run, made on its first round in this
     * JVM.
     */
    static <T extends AutoCloseable> T partitionState(Round round, int partition, java.util.function.Supplier<T> make) {
        String key = round.stateKey + "/" + partition;
        T st = state(key);
        if (st == null) {
            st = make.get();
            keep(key, st);
        }
        return st;
    }

    /** A partition's stream for a round: from its seed, at the position the driver sent, so a retry repeats it. */
    static org.dbn4j.tensor.RandomStream stream(Backend backend, long seed, Round round, int partition) {
        org.dbn4j.tensor.RandomStream random = backend.randomStream(seed);
        if (round.positions[partition] != null) {
            random.restore(round.positions[partition]);
        }
        return random;
    }

    /** Keeps a state under a key, closing any it replaces. */
    static void keep(String key, AutoCloseable state) {
        AutoCloseable old = STATES.put(key, state);
        if (old != null && old != state) {
            closeQuietly(old);
        }
    }

    /**
     * Closes and forgets every state whose key starts with a prefix (a finished run or layer).
     * Every partition's task calls it, several at once in one executor: each state is closed by
     * the one call that removed it.
     */
    static void release(String prefix) {
        for (String key : STATES.keySet()) {
            if (key.startsWith(prefix)) {
                AutoCloseable removed = STATES.remove(key);
                if (removed != null) {
                    closeQuietly(removed);
                }
            }
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("could not release partition state", e);
        }
    }

    /** How many failures {@link #maybeFail} injected in this JVM. */
    static int injectedFailures() {
        return INJECTED.get();
    }

    /**
     * Fails the first attempt of a task when a fault is injected for it, after its work is done
     * and its state changed: the test of retries.
     */
    static void maybeFail(FaultInjection fault, int layer, int round, int partition) {
        TaskContext context = TaskContext.get();
        if (fault != null && fault.matches(layer, round, partition) && context != null
                && context.attemptNumber() == 0) {
            INJECTED.incrementAndGet();
            throw new IllegalStateException("injected failure of layer " + layer + ", round " + round + ", partition "
                    + partition + " (attempt 0)");
        }
    }
}
