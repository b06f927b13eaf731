package org.dbn4j.training;

import java.io.Serializable;
import java.util.Map;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;
import org.dbn4j.training.internal.StateArrays;

/**
 * Persistent contrastive divergence, PCD-k (Tieleman 2008): the negative statistics come from
 * fantasy chains that persist across minibatches and advance k Gibbs steps per minibatch. The
 * number of chains is independent of the minibatch size; each phase's statistics are averaged
 * over its own rows.
 *
 * @param steps k, Gibbs steps per minibatch, at least 1
 * @param chains number of persistent chains, at least 1
 */
public record PersistentContrastiveDivergence(int steps, int chains) implements GradientEstimator, Serializable {

    /**
     * Validates the configuration.
     *
     * @param steps k, at least 1
     * @param chains the chain count, at least 1
     */
    public PersistentContrastiveDivergence {
        if (steps < 1 || chains < 1) {
            throw new IllegalArgumentException("PCD needs at least one step and one chain, got " + steps + " and "
                    + chains);
        }
    }

    @Override
    public GradientEstimator.State start(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible) {
        return new Chains(rbm, random, initialVisible);
    }

    @Override
    public String toString() {
        return "PCD-" + steps + " (" + chains + " chains)";
    }

    /** The persistent chains of one run and the positive phase's buffers. */
    private final class Chains extends MinibatchChains {
        private final Matrix chainVisible;
        private final Matrix chainHidden;
        private final Matrix chainHiddenMeans;

        Chains(BoundRbm rbm, RandomStream random, Matrix initialVisible) {
            super(rbm, random);
            Backend b = rbm.backend();
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

        @Override
        public void accumulate(Matrix batch, float scale, float beta, RbmGradient target) {
            int n = batch.rows();
            ChainBuffers c = positivePhase(batch);
            lastReconstructionError = meanFieldError(batch, c);
            for (int step = 0; step < steps; step++) {
                rbm.sampleHidden(random, chainVisible, chainHidden);
                rbm.sampleVisible(random, chainHidden, chainVisible);
            }
            rbm.hiddenExpectation(chainVisible, chainHiddenMeans);
            Statistics.add(rbm, batch, c.hiddenMeans, scale / n, beta, target);
            Statistics.add(rbm, chainVisible, chainHiddenMeans, -scale / chains, 1f, target);
        }

        @Override
        public Map<String, float[]> saveState() {
            return Map.of("chains", chainVisible.toArray());
        }

        @Override
        public void restoreState(Map<String, float[]> state) {
            chainVisible.copyFrom(StateArrays.get(state, "chains", chainVisible));
        }

        @Override
        public void close() {
            chainVisible.close();
            chainHidden.close();
            chainHiddenMeans.close();
            super.close();
        }

        @Override
        public String toString() {
            return PersistentContrastiveDivergence.this.toString();
        }
    }
}
