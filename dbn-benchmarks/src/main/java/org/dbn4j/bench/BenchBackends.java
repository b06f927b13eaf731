package org.dbn4j.bench;

import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;

/** Creates the benchmarked backends with a given thread count. */
final class BenchBackends {

    private BenchBackends() {
    }

    /**
     * Creates a backend by name with {@code threads} threads per operation.
     *
     * @param name a backend name such as {@code "cpu-simd"}
     * @param threads the thread count
     * @return the backend
     */
    static Backend create(String name, int threads) {
        if (name.equals("cpu-simd")) {
            System.setProperty("dbn4j.simd.threads", Integer.toString(threads));
        } else if (name.equals("nd4j")) {
            System.setProperty("dbn4j.nd4j.threads", Integer.toString(threads));
        } else {
            throw new IllegalArgumentException("no thread setting known for backend " + name);
        }
        return Backends.create(name);
    }
}
