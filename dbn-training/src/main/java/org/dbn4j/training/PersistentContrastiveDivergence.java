package org.dbn4j.training;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;

/**
 * Persistent contrastive divergence, PCD-k (Tieleman 2008): the negative statistics come from
 * fantasy chains that persist across minibatches and advance k Gibbs steps per minibatch. The
 * number of chains is independent of the minibatch size; each phase's statistics are averaged
 * over its own rows.
 */
public final class PersistentContrastiveDivergence implements GradientEstimator, java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final int steps;
    private final int chains;
    private transient BoundRbm rbm;
    private transient RandomStream random;
    private transient Matrix chainVisible;
    private transient Matrix chainHidden;
    private transient Matrix chainHiddenMeans;
    private transient ChainBuffers.BySize buffers;
    private transient ChainBuffers last;
    private double lastReconstructionError = Double.NaN;

    /**
     * Creates PCD-k.
     *
     * @param steps k, Gibbs steps per minibatch, at least 1
     * @param chains number of persistent chains, at least 1
     */
    public PersistentContrastiveDivergence(int steps, int chains) {
        if (steps < 1 || chains < 1) {
            throw new IllegalArgumentException("PCD needs at least one step and one chain, got " + steps + " and "
                    + chains);
        }
        this.steps = steps;
        this.chains = chains;
    }

    /**
     * The number of persistent chains.
     *
     * @return the chain count
     */
    public int chains() {
        return chains;
    }

    @Override
    public void init(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible) {
        reset();
        this.rbm = rbm;
        this.random = random;
        Backend b = rbm.backend();
        buffers = new ChainBuffers.BySize(rbm);
        chainVisible = b.matrix(chains, rbm.spec().visible());
        chainHidden = b.matrix(chains, rbm.spec().hidden());
        chainHiddenMeans = b.matrix(chains, rbm.spec().hidden());
        if (initialVisible != null && initialVisible.rows() > 0) {
            int[] rows = new int[chains];
            for (int i = 0; i < chains; i++) {
                rows[i] = i % initialVisible.rows();
            }
            b.gatherRows(initialVisible, rows, 0, chainVisible);
        } else {
            // Without data, start from the model's own visible distribution given silent hidden units.
            rbm.sampleVisible(random, chainHidden, chainVisible);
        }
    }

    /**
     * The current visible states of the persistent chains.
     *
     * @return a chains x visible matrix; valid until the next call
     */
    public Matrix chainStates() {
        return chainVisible;
    }

    @Override
    public void accumulate(Matrix batch, float scale, float beta, RbmGradient target) {
        if (rbm == null) {
            throw new IllegalStateException("PCD-" + steps + " was not initialised");
        }
        Backend b = rbm.backend();
        int n = batch.rows();
        ChainBuffers c = buffers.get(n);
        last = c;
        rbm.hiddenMeans(batch, c.hiddenMeans);
        if (rbm.spec().hiddenUnits() == HiddenUnits.BERNOULLI) {
            b.sampleBernoulli(random, c.hiddenMeans, c.hiddenSamples);
        } else {
            rbm.sampleHidden(random, batch, c.hiddenSamples);
        }
        rbm.visibleMeans(c.hiddenSamples, c.visible);
        b.subtract(batch, c.visible, c.difference);
        lastReconstructionError = b.sumOfSquares(c.difference);
        for (int step = 0; step < steps; step++) {
            rbm.sampleHidden(random, chainVisible, chainHidden);
            rbm.sampleVisible(random, chainHidden, chainVisible);
        }
        rbm.hiddenMeans(chainVisible, chainHiddenMeans);
        Statistics.add(rbm, batch, c.hiddenMeans, scale / n, beta, target);
        Statistics.add(rbm, chainVisible, chainHiddenMeans, -scale / chains, 1f, target);
    }

    @Override
    public java.util.Map<String, float[]> saveState() {
        requireInit();
        return java.util.Map.of("chains", chainVisible.toArray());
    }

    @Override
    public void restoreState(java.util.Map<String, float[]> state) {
        requireInit();
        chainVisible.copyFrom(StateArrays.get(state, "chains", chainVisible));
    }

    private void requireInit() {
        if (rbm == null) {
            throw new IllegalStateException("PCD-" + steps + " was not initialised");
        }
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
            chainVisible.close();
            chainHidden.close();
            chainHiddenMeans.close();
        }
        buffers = null;
        chainVisible = null;
        chainHidden = null;
        chainHiddenMeans = null;
        last = null;
        rbm = null;
        random = null;
    }

    @Override
    public GradientEstimator copy() {
        return new PersistentContrastiveDivergence(steps, chains);
    }

    @Override
    public String toString() {
        return "PCD-" + steps + " (" + chains + " chains)";
    }
}
