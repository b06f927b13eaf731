package org.dbn4j.training;

import java.util.Objects;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;

/**
 * What every estimator's run-time state has: the model, the sampling stream, the positive
 * phase's buffers per minibatch size, and the by-products of the last minibatch.
 */
abstract class MinibatchChains implements GradientEstimator.State {
    final BoundRbm rbm;
    private final ChainBuffers.BySize buffers;
    RandomStream random;
    private ChainBuffers last;
    /** The squared reconstruction error of the last minibatch, set by {@code accumulate}. */
    double lastReconstructionError = Double.NaN;

    MinibatchChains(BoundRbm rbm, RandomStream random) {
        this.rbm = rbm;
        this.random = Objects.requireNonNull(random, "random");
        this.buffers = new ChainBuffers.BySize(rbm);
    }

    /** The buffers for a minibatch of {@code rows} rows, which become the last minibatch's. */
    final ChainBuffers buffersFor(int rows) {
        last = buffers.get(rows);
        return last;
    }

    /**
     * The positive phase of a minibatch: the hidden means given the data and hidden states
     * sampled from them, in the buffers it returns.
     */
    final ChainBuffers positivePhase(Matrix batch) {
        ChainBuffers c = buffersFor(batch.rows());
        rbm.hiddenExpectation(batch, c.hiddenMeans);
        sampleHiddenFromMeans(batch, c.hiddenMeans, c.hiddenSamples);
        return c;
    }

    /** Hidden samples given visible states whose hidden means are already known. */
    final void sampleHiddenFromMeans(Matrix v, Matrix means, Matrix out) {
        if (rbm.spec().hiddenUnits() == HiddenUnits.BERNOULLI) {
            rbm.backend().sampleBernoulli(random, means, out);
        } else {
            rbm.sampleHidden(random, v, out);
        }
    }

    /**
     * The squared error of the one-step mean-field reconstruction from the positive phase's
     * hidden samples, which it leaves in {@code c.visible}.
     */
    final double meanFieldError(Matrix batch, ChainBuffers c) {
        Backend b = rbm.backend();
        rbm.visibleMeans(c.hiddenSamples, c.visible);
        b.subtract(batch, c.visible, c.difference);
        return b.sumOfSquares(c.difference);
    }

    @Override
    public final void reseed(RandomStream random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    @Override
    public final Matrix positiveHiddenMeans() {
        return last == null ? null : last.hiddenMeans;
    }

    @Override
    public final double lastReconstructionError() {
        return lastReconstructionError;
    }

    @Override
    public void close() {
        buffers.close();
        last = null;
    }
}
