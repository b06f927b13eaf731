package org.dbn4j.training;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;

/**
 * Contrastive divergence, CD-k (Hinton 2002), with the choices of Hinton's practical guide
 * (2010): the positive statistics use the hidden probabilities given the data; the chain starts
 * at the data with sampled hidden states; intermediate steps sample both layers; the negative
 * statistics use the hidden probabilities given the chain's last visible state.
 *
 * <p>That last visible state is, by default, the visible probabilities for CD-1 (the guide's
 * recipe: less noise, faster learning) and a sample for longer chains. Probabilities there bias
 * the estimate by a term that does not shrink with k ({@code E[sigmoid(W p) p^T]} is not
 * {@code E[sigmoid(W v) v^T]}); a sample lets CD-k approach the exact gradient as k grows.
 */
public final class ContrastiveDivergence implements GradientEstimator, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int steps;
    private final boolean sampledReconstruction;
    private transient BoundRbm rbm;
    private transient RandomStream random;
    private transient ChainBuffers.BySize buffers;
    private transient ChainBuffers last;
    private double lastReconstructionError = Double.NaN;

    /**
     * Creates CD-k with the default reconstruction: probabilities for k = 1, a sample for k > 1.
     *
     * @param steps k, the Gibbs steps per minibatch, at least 1
     */
    public ContrastiveDivergence(int steps) {
        this(steps, steps > 1);
    }

    /**
     * Creates CD-k.
     *
     * @param steps k, the Gibbs steps per minibatch, at least 1
     * @param sampledReconstruction whether the chain's last visible state is a sample (else the
     *     visible probabilities)
     */
    public ContrastiveDivergence(int steps, boolean sampledReconstruction) {
        if (steps < 1) {
            throw new IllegalArgumentException("CD needs at least one Gibbs step, got " + steps);
        }
        this.steps = steps;
        this.sampledReconstruction = sampledReconstruction;
    }

    /**
     * The number of Gibbs steps.
     *
     * @return k
     */
    public int steps() {
        return steps;
    }

    @Override
    public void init(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible) {
        reset();
        this.rbm = rbm;
        this.random = random;
        this.buffers = new ChainBuffers.BySize(rbm);
    }

    @Override
    public void accumulate(Matrix batch, float scale, float beta, RbmGradient target) {
        if (rbm == null) {
            throw new IllegalStateException("CD-" + steps + " was not initialised");
        }
        Backend b = rbm.backend();
        int n = batch.rows();
        ChainBuffers c = buffers.get(n);
        last = c;
        rbm.hiddenMeans(batch, c.hiddenMeans);
        sampleHiddenFromMeans(batch, c.hiddenMeans, c.hiddenSamples);
        for (int step = 1; step <= steps; step++) {
            boolean means = step == steps && !sampledReconstruction;
            if (means) {
                rbm.visibleMeans(c.hiddenSamples, c.visible);
            } else {
                rbm.sampleVisible(random, c.hiddenSamples, c.visible);
            }
            if (step == 1) {
                lastReconstructionError = squaredError(b, batch, c.visible, c.difference, means);
            }
            rbm.hiddenMeans(c.visible, c.negativeHidden);
            if (step < steps) {
                sampleHiddenFromMeans(c.visible, c.negativeHidden, c.hiddenSamples);
            }
        }
        float factor = scale / n;
        Statistics.add(rbm, batch, c.hiddenMeans, factor, beta, target);
        Statistics.add(rbm, c.visible, c.negativeHidden, -factor, 1f, target);
    }

    /** Hidden samples given visible states whose hidden means are already known. */
    private void sampleHiddenFromMeans(Matrix v, Matrix means, Matrix out) {
        if (rbm.spec().hiddenUnits() == HiddenUnits.BERNOULLI) {
            rbm.backend().sampleBernoulli(random, means, out);
        } else {
            rbm.sampleHidden(random, v, out);
        }
    }

    /**
     * The squared error of the one-step mean-field reconstruction: the chain's own visible means
     * when its first step used them, else recomputed from the first hidden samples.
     */
    private double squaredError(Backend b, Matrix batch, Matrix reconstruction, Matrix difference, boolean means) {
        if (means) {
            b.subtract(batch, reconstruction, difference);
        } else {
            rbm.visibleMeans(last.hiddenSamples, difference);
            b.subtract(batch, difference, difference);
        }
        return b.sumOfSquares(difference);
    }

    @Override
    public void reseed(RandomStream random) {
        this.random = java.util.Objects.requireNonNull(random, "random");
    }

    @Override
    public Matrix positiveHiddenMeans() {
        return last == null ? null : last.hiddenMeans;
    }

    @Override
    public double lastReconstructionError() {
        return lastReconstructionError;
    }

    @Override
    public void reset() {
        if (buffers != null) {
            buffers.close();
        }
        buffers = null;
        last = null;
        rbm = null;
        random = null;
    }

    @Override
    public GradientEstimator copy() {
        return new ContrastiveDivergence(steps, sampledReconstruction);
    }

    @Override
    public String toString() {
        return "CD-" + steps;
    }
}
