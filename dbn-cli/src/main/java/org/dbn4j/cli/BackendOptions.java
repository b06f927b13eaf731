package org.dbn4j.cli;

import org.dbn4j.backend.Backends;
import org.dbn4j.tensor.Backend;
import picocli.CommandLine.Option;

/** Which backend computes, and with how many threads. */
public final class BackendOptions {
    /** Creates the options with picocli's defaults. */
    public BackendOptions() {
    }

    @Option(names = "--backend", paramLabel = "NAME",
            description = "cpu-simd or nd4j. Default: -Ddbn4j.backend, DBN4J_BACKEND, else the best available.")
    private String name;

    @Option(names = "--threads", paramLabel = "N", description = "Threads per operation. Default: all processors.")
    private Integer threads;

    /** The backend name given, or null. */
    String name() {
        return name;
    }

    /**
     * Creates the backend.
     *
     * @return the backend, which the caller closes
     */
    Backend create() {
        if (threads != null) {
            if (threads < 1) {
                throw new UserException("--threads must be at least 1, got " + threads);
            }
            System.setProperty("dbn4j.simd.threads", threads.toString());
            System.setProperty("dbn4j.nd4j.threads", threads.toString());
        }
        return name == null ? Backends.create() : Backends.create(name);
    }
}
