package org.dbn4j.training;

import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.RbmGradient;
import org.dbn4j.training.internal.StateArrays;

/**
 * Parallel tempering (Desjardins et al. 2010): persistent chains at several inverse temperatures
 * {@code 1 = beta_0 > beta_1 > ... >= 0}, each sampling {@code p(v, h) ~ exp(-beta E(v, h))}.
 * After every Gibbs step, neighbouring temperatures propose to swap their states chain by chain
 * (even pairs and odd pairs in turn), accepted with probability
 * {@code min(1, exp((beta_t - beta_t+1)(E_t - E_t+1)))}; hot chains mix fast and hand their states
 * down. The negative statistics come from the chains at {@code beta = 1}. For RBMs with Bernoulli
 * visible and hidden units.
 */
public final class ParallelTempering implements GradientEstimator, Serializable {

    private static final long serialVersionUID = 1L;

    private final double[] betas;
    private final int chains;

    /**
     * Creates parallel tempering.
     *
     * @param betas the inverse temperatures, starting at 1 and decreasing, all in [0, 1]
     * @param chains chains per temperature
     */
    public ParallelTempering(double[] betas, int chains) {
        if (betas.length < 2 || betas[0] != 1.0) {
            throw new IllegalArgumentException("the ladder needs at least two inverse temperatures starting at 1, got "
                    + Arrays.toString(betas));
        }
        for (int t = 1; t < betas.length; t++) {
            if (!(betas[t] < betas[t - 1] && betas[t] >= 0)) {
                throw new IllegalArgumentException("inverse temperatures must decrease within [0, 1]: "
                        + Arrays.toString(betas));
            }
        }
        if (chains < 1) {
            throw new IllegalArgumentException("parallel tempering needs at least one chain, got " + chains);
        }
        this.betas = betas.clone();
        this.chains = chains;
    }

    /**
     * A ladder of evenly spaced inverse temperatures from 1 down to {@code coldest}.
     *
     * @param temperatures how many, at least 2
     * @param hottest the smallest inverse temperature, in [0, 1)
     * @return the ladder
     */
    public static double[] linearLadder(int temperatures, double hottest) {
        double[] out = new double[temperatures];
        for (int t = 0; t < temperatures; t++) {
            out[t] = 1.0 - (1.0 - hottest) * t / (temperatures - 1);
        }
        return out;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException unless the RBM has Bernoulli visible and hidden units
     */
    @Override
    public Ladder start(BoundRbm rbm, int batchSize, RandomStream random, Matrix initialVisible) {
        if (rbm.spec().visibleUnits() != VisibleUnits.BERNOULLI || rbm.spec().hiddenUnits() != HiddenUnits.BERNOULLI) {
            throw new IllegalArgumentException("parallel tempering supports Bernoulli visible and hidden units, not "
                    + rbm.spec());
        }
        return new Ladder(rbm, random, initialVisible);
    }

    /**
     * The inverse temperatures.
     *
     * @return a copy of the ladder
     */
    public double[] betas() {
        return betas.clone();
    }

    @Override
    public String toString() {
        return "PT(" + betas.length + " temperatures, " + chains + " chains each)";
    }

    /**
     * The chains of one run at every temperature, with the swap statistics.
     */
    public final class Ladder extends MinibatchChains {
        private final SplittableRandom swaps;
        private final Matrix[] visible;
        private final Matrix[] hidden;
        private final Matrix hiddenPre;
        private final Matrix visiblePre;
        private final Matrix energyA;
        private final Matrix energyB;
        private final Matrix coldHiddenMeans;
        private final long[] proposed;
        private final long[] accepted;
        private long round;

        Ladder(BoundRbm rbm, RandomStream random, Matrix initialVisible) {
            super(rbm, random);
            this.swaps = new SplittableRandom(random.seed() ^ 0x5EED5EEDL);
            Backend b = rbm.backend();
            int nv = rbm.spec().visible();
            int nh = rbm.spec().hidden();
            visible = new Matrix[betas.length];
            hidden = new Matrix[betas.length];
            for (int t = 0; t < betas.length; t++) {
                visible[t] = b.matrix(chains, nv);
                hidden[t] = b.matrix(chains, nh);
                if (initialVisible != null && initialVisible.rows() > 0) {
                    int[] rows = new int[chains];
                    for (int i = 0; i < chains; i++) {
                        rows[i] = (i + t) % initialVisible.rows();
                    }
                    b.gatherRows(initialVisible, rows, 0, visible[t]);
                }
            }
            hiddenPre = b.matrix(chains, nh);
            visiblePre = b.matrix(chains, nv);
            energyA = b.matrix(chains, 1);
            energyB = b.matrix(chains, 1);
            coldHiddenMeans = b.matrix(chains, nh);
            proposed = new long[betas.length - 1];
            accepted = new long[betas.length - 1];
        }

        @Override
        public void accumulate(Matrix batch, float scale, float beta, RbmGradient target) {
            int n = batch.rows();
            ChainBuffers c = positivePhase(batch);
            lastReconstructionError = meanFieldError(batch, c);
            for (int t = 0; t < betas.length; t++) {
                gibbsStep(t);
            }
            proposeSwaps();
            rbm.hiddenExpectation(visible[0], coldHiddenMeans);
            Statistics.add(rbm, batch, c.hiddenMeans, scale / n, beta, target);
            Statistics.add(rbm, visible[0], coldHiddenMeans, -scale / chains, 1f, target);
        }

        @Override
        public Map<String, float[]> saveState() {
            Map<String, float[]> out = new LinkedHashMap<>();
            for (int t = 0; t < betas.length; t++) {
                out.put("chains." + t, visible[t].toArray());
            }
            float[] counts = new float[1 + 2 * proposed.length];
            counts[0] = round;
            for (int i = 0; i < proposed.length; i++) {
                counts[1 + i] = proposed[i];
                counts[1 + proposed.length + i] = accepted[i];
            }
            out.put("swaps", counts);
            return out;
        }

        @Override
        public void restoreState(Map<String, float[]> state) {
            for (int t = 0; t < betas.length; t++) {
                visible[t].copyFrom(StateArrays.get(state, "chains." + t, visible[t]));
            }
            float[] counts = StateArrays.get(state, "swaps", 1 + 2 * proposed.length);
            round = (long) counts[0];
            for (int i = 0; i < proposed.length; i++) {
                proposed[i] = (long) counts[1 + i];
                accepted[i] = (long) counts[1 + proposed.length + i];
            }
        }

        /** One Gibbs step at inverse temperature beta_t: both layers' total inputs scaled by beta_t. */
        private void gibbsStep(int t) {
            Backend b = rbm.backend();
            float bt = (float) betas[t];
            rbm.hiddenPreActivation(visible[t], hiddenPre);
            b.scale(bt, hiddenPre, hiddenPre);
            b.activateInPlace(Activation.SIGMOID, hiddenPre);
            b.sampleBernoulli(random, hiddenPre, hidden[t]);
            rbm.visiblePreActivation(hidden[t], visiblePre);
            b.scale(bt, visiblePre, visiblePre);
            b.activateInPlace(Activation.SIGMOID, visiblePre);
            b.sampleBernoulli(random, visiblePre, visible[t]);
        }

        /** Metropolis swaps between neighbouring temperatures, even pairs on even rounds, odd on odd. */
        private void proposeSwaps() {
            for (int t = (int) (round & 1); t + 1 < betas.length; t += 2) {
                rbm.energy(visible[t], hidden[t], energyA);
                rbm.energy(visible[t + 1], hidden[t + 1], energyB);
                float[] ea = energyA.toArray();
                float[] eb = energyB.toArray();
                float[] va = visible[t].toArray();
                float[] vb = visible[t + 1].toArray();
                float[] ha = hidden[t].toArray();
                float[] hb = hidden[t + 1].toArray();
                int nv = visible[t].cols();
                int nh = hidden[t].cols();
                boolean any = false;
                for (int chain = 0; chain < chains; chain++) {
                    double logRatio = (betas[t] - betas[t + 1]) * ((double) ea[chain] - eb[chain]);
                    proposed[t]++;
                    if (logRatio >= 0 || swaps.nextDouble() < Math.exp(logRatio)) {
                        accepted[t]++;
                        any = true;
                        swapRow(va, vb, chain, nv);
                        swapRow(ha, hb, chain, nh);
                    }
                }
                if (any) {
                    visible[t].copyFrom(va);
                    visible[t + 1].copyFrom(vb);
                    hidden[t].copyFrom(ha);
                    hidden[t + 1].copyFrom(hb);
                }
            }
            round++;
        }

        private void swapRow(float[] a, float[] b, int row, int cols) {
            for (int i = row * cols; i < (row + 1) * cols; i++) {
                float t = a[i];
                a[i] = b[i];
                b[i] = t;
            }
        }

        /**
         * The share of accepted swaps between each pair of neighbouring temperatures so far.
         *
         * @return one rate per pair (t, t+1); NaN where nothing was proposed yet
         */
        public double[] swapAcceptanceRates() {
            double[] out = new double[betas.length - 1];
            for (int t = 0; t < out.length; t++) {
                out[t] = proposed[t] == 0 ? Double.NaN : (double) accepted[t] / proposed[t];
            }
            return out;
        }

        @Override
        public void close() {
            for (int t = 0; t < betas.length; t++) {
                visible[t].close();
                hidden[t].close();
            }
            hiddenPre.close();
            visiblePre.close();
            energyA.close();
            energyB.close();
            coldHiddenMeans.close();
            super.close();
        }

        @Override
        public String toString() {
            return ParallelTempering.this.toString();
        }
    }
}
