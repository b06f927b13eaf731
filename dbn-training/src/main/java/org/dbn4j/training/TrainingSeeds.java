package org.dbn4j.training;

/**
 * How the trainers derive every seed they use from the one seed a user gives: the shuffle and
 * sampling stream of each epoch, the rows that start persistent chains, the seed of each layer.
 * Published so that a distributed trainer (dbn-spark) reproduces a local run exactly; the values
 * are part of the reproducibility promise and do not change between versions lightly.
 */
public final class TrainingSeeds {

    private static final long STREAM = 0x5A4D;
    private static final long ORDER = 0x0D5E;
    private static final long CHAIN_STARTS = 0x57A7;
    private static final long LAYER = 0x1A7E;
    private static final long DROPOUT = 0xD409;
    private static final long AUGMENTATION = 0xA067;

    private TrainingSeeds() {
    }

    /**
     * A well-mixed seed for one purpose of one epoch (or layer): SplitMix64's finaliser over a
     * linear combination.
     *
     * @param seed the user's seed
     * @param index the epoch or layer, or -1 for the set-up before the first epoch
     * @param purpose a constant that tells the uses apart
     * @return the derived seed
     */
    public static long mix(long seed, int index, long purpose) {
        long z = seed * 0x9E3779B97F4A7C15L + index * 0xC2B2AE3D27D4EB4FL + purpose;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * The seed of the minibatch order of an epoch of RBM training or backprop fine-tuning.
     *
     * @param seed the trainer's seed
     * @param epoch the epoch
     * @return the seed for {@link org.dbn4j.data.DataSet#permutation}
     */
    public static long order(long seed, int epoch) {
        return mix(seed, epoch, ORDER);
    }

    /**
     * The seed of the sampling stream of an epoch of RBM training ({@code epoch = -1}: the stream
     * that initialises the estimator).
     *
     * @param seed the trainer's seed
     * @param epoch the epoch, or -1
     * @return the stream seed
     */
    public static long samplingStream(long seed, int epoch) {
        return mix(seed, epoch, STREAM);
    }

    /**
     * The seed of the dropout stream of an epoch of backprop fine-tuning.
     *
     * @param seed the fine-tuner's seed
     * @param epoch the epoch
     * @return the stream seed
     */
    public static long dropoutStream(long seed, int epoch) {
        return mix(seed, epoch, DROPOUT);
    }

    /**
     * The seed of the augmentation of one minibatch of backprop fine-tuning: each minibatch has
     * its own, so that a resumed epoch changes its examples exactly as the uninterrupted one.
     *
     * @param seed the fine-tuner's seed
     * @param epoch the epoch
     * @param batch the minibatch within the epoch
     * @return the seed
     */
    public static long augmentation(long seed, int epoch, int batch) {
        return mix(mix(seed, epoch, AUGMENTATION), batch, AUGMENTATION);
    }

    /**
     * The RBM trainer's seed for one layer of greedy pretraining.
     *
     * @param seed the pretrainer's seed
     * @param layer the layer, from 0
     * @return the layer's seed
     */
    public static long layer(long seed, int layer) {
        return mix(seed, layer, LAYER);
    }

    /**
     * The data rows that start persistent chains: the first {@code count} of a seeded shuffle.
     *
     * @param rows the number of examples
     * @param count how many starts, at most {@code rows}
     * @param seed the trainer's seed
     * @return row indices
     */
    public static int[] chainStarts(int rows, int count, long seed) {
        return java.util.Arrays.copyOf(org.dbn4j.data.DataSet.permutation(rows, mix(seed, -1, CHAIN_STARTS)), count);
    }
}
