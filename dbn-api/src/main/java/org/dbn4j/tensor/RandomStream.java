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

    /**
     * Where the stream stands: what {@link #restore} needs to make a stream of the same backend
     * and seed continue from here, in this process or another (a distributed task that is
     * retried, a checkpoint). The values are opaque.
     *
     * @return a few longs, a copy
     */
    long[] position();

    /**
     * Moves this stream to a position that {@link #position()} returned on a stream of the same
     * backend and seed: from then on it produces what that stream produced from there.
     *
     * @param position a value of {@link #position()}
     * @throws IllegalArgumentException if the array is not a position of this kind of stream
     */
    void restore(long[] position);
}
