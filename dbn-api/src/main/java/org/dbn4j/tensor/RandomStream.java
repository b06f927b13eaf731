package org.dbn4j.tensor;

/**
 * A seeded stream of random numbers owned by a backend and consumed by its sampling
 * operations.
 *
 * <p>Two streams created by the same backend configuration with the same seed produce the same
 * samples when given the same sequence of sampling calls. A stream is not thread-safe: give each
 * thread (or each training run) its own.
 */
public interface RandomStream {

    /**
     * The backend that created this stream and is the only one that accepts it.
     *
     * @return the owning backend
     */
    Backend backend();

    /**
     * The seed the stream was created with.
     *
     * @return the seed
     */
    long seed();
}
