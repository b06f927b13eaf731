package org.dbn4j.backend;

import org.dbn4j.tensor.Backend;

/**
 * What {@link java.util.ServiceLoader} finds: a factory for one kind of backend that can tell,
 * cheaply, whether it can run in this JVM.
 *
 * <p>Implementations need a public no-argument constructor and a line in
 * {@code META-INF/services/org.dbn4j.backend.BackendProvider}. Loading the provider class must
 * not touch the backend's heavy dependencies (native libraries, incubator modules): that work
 * belongs in {@link #create()}, so that a program that never picks the backend never pays for
 * it.
 */
public interface BackendProvider {

    /**
     * The backend's name, used to select it; lower-case, for example {@code "cpu-simd"}.
     *
     * @return the name
     */
    String name();

    /**
     * The preference among available providers when no name is given: higher wins.
     *
     * @return the priority
     */
    int priority();

    /**
     * Tells whether {@link #create()} can succeed in this JVM. Cheap, and never throws.
     *
     * @return true if the backend can run here
     */
    boolean isAvailable();

    /**
     * Why the backend cannot run here and how to fix it, when {@link #isAvailable()} is false.
     *
     * @return the reason, for example "jdk.incubator.vector is not readable: start the JVM with
     *     --add-modules jdk.incubator.vector"; empty when available
     */
    String unavailableReason();

    /**
     * Creates a backend instance with its default configuration.
     *
     * @return a new backend, which the caller closes
     */
    Backend create();
}
