package org.dbn4j.training;

import java.io.Serializable;
import org.dbn4j.model.BoundRbm;
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
 * With learned Gaussian variances, the log-variance statistic of visible means is taken in
 * expectation over the Gaussian ({@code Statistics.addOfMeans}); the means alone would have no
 * spread and shrink the variances at every step.
 *
 * @param steps k, the Gibbs steps per minibatch, at least 1
 * @param sampledReconstruction whether the chain's last visible state is a sample (else the
 *     visible probabilities)
 */
public record ContrastiveDivergence(int steps, boolean sampledReconstruction)
        implements GradientEstimator, Serializable {

    /**
     * Validates the configuration.
     *
     * @param steps k, at least 1
     * @param sampledReconstruction whether the last visible state is a sample
     */
    public ContrastiveDivergence {
        if (steps < 1) {
            throw new IllegalArgumentException("CD needs at least one Gibbs step, got " + steps);
        }
    }

    /**
     * Creates CD-k with the default reconstruction: probabilities for k = 1, a sample for k > 1.
     *
     * @param steps k, the Gibbs steps per minibatch, at least 1
     */
    public ContrastiveDivergence(int steps) {
        this(steps, steps > 1);
    }

    @Override
    public GradientEstimator.State start(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible) {
        return new Chains(rbm, random);
    }

    @Override
    public String toString() {
        return "CD-" + steps;
    }

    /** The chain buffers of one run, one set per minibatch size. */
    private final class Chains extends MinibatchChains {

        Chains(BoundRbm rbm, RandomStream random) {
            super(rbm, random);
        }

        @Override
        public void accumulate(Matrix batch, float scale, float beta, RbmGradient target) {
            Backend b = rbm.backend();
            int n = batch.rows();
            ChainBuffers c = positivePhase(batch);
            for (int step = 1; step <= steps; step++) {
                boolean means = step == steps && !sampledReconstruction;
                if (means) {
                    rbm.visibleMeans(c.hiddenSamples, c.visible);
                } else {
                    rbm.sampleVisible(random, c.hiddenSamples, c.visible);
                }
                if (step == 1) {
                    lastReconstructionError = squaredError(b, batch, c, means);
                }
                rbm.hiddenExpectation(c.visible, c.negativeHidden);
                if (step < steps) {
                    sampleHiddenFromMeans(c.visible, c.negativeHidden, c.hiddenSamples);
                }
            }
            float factor = scale / n;
            Statistics.add(rbm, batch, c.hiddenMeans, factor, beta, target);
            if (sampledReconstruction) {
                Statistics.add(rbm, c.visible, c.negativeHidden, -factor, 1f, target);
            } else {
                Statistics.addOfMeans(rbm, c.visible, c.negativeHidden, -factor, 1f, target);
            }
        }

        /**
         * The squared error of the one-step mean-field reconstruction: the chain's own visible
         * means when its first step used them, else recomputed from the first hidden samples.
         */
        private double squaredError(Backend b, Matrix batch, ChainBuffers c, boolean means) {
            if (means) {
                b.subtract(batch, c.visible, c.difference);
            } else {
                rbm.visibleMeans(c.hiddenSamples, c.difference);
                b.subtract(batch, c.difference, c.difference);
            }
            return b.sumOfSquares(c.difference);
        }

        @Override
        public String toString() {
            return ContrastiveDivergence.this.toString();
        }
    }
}
