package org.dbn4j.training.eval;

import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * The partition function of a binary RBM by annealed importance sampling (Salakhutdinov and
 * Murray 2008).
 *
 * <p>Runs start at a base-rate model A (visible biases {@code b_A}, no weights, {@code Z_A}
 * known) and move through distributions
 * {@code p_k*(v) = exp((1 - beta_k) b_A.v + beta_k b.v + sum_j softplus(beta_k (c_j + W_j.v)))}
 * for {@code 0 = beta_0 < ... < beta_K = 1}, one Gibbs step at each; a run's importance weight is
 * the product of {@code p_k*(v_k) / p_{k-1}*(v_k)}. Then {@code Z_B ~ Z_A mean(w)}; the standard
 * error of {@code log Z} is {@code sd(w) / (mean(w) sqrt(runs))} (delta method). All runs move
 * together as the rows of one matrix.
 */
public final class AnnealedImportanceSampling {

    private AnnealedImportanceSampling() {
    }

    /**
     * An estimate of log Z.
     *
     * @param logZ the estimate, in nats
     * @param standardError its standard error
     * @param logZBase log Z of the base-rate model
     * @param runs the number of runs
     * @param temperatures the number of intermediate distributions
     */
    public record Estimate(double logZ, double standardError, double logZBase, int runs, int temperatures) {
    }

    /**
     * The schedule of Salakhutdinov and Murray, scaled to {@code total} steps: a fraction
     * 500/14500 from 0 to 0.5, 4000/14500 from 0.5 to 0.9 and 10000/14500 from 0.9 to 1.
     *
     * @param total the number of inverse temperatures after 0, at least 3
     * @return {@code 0 = beta_0 < ... < beta_total = 1}
     */
    public static double[] schedule(int total) {
        if (total < 3) {
            throw new IllegalArgumentException("AIS needs at least 3 inverse temperatures, got " + total);
        }
        int a = Math.max(1, (int) Math.round(total * 500.0 / 14500));
        int b = Math.max(1, (int) Math.round(total * 4000.0 / 14500));
        int c = total - a - b;
        double[] betas = new double[total + 1];
        int k = 1;
        for (int i = 1; i <= a; i++) {
            betas[k++] = 0.5 * i / a;
        }
        for (int i = 1; i <= b; i++) {
            betas[k++] = 0.5 + 0.4 * i / b;
        }
        for (int i = 1; i <= c; i++) {
            betas[k++] = 0.9 + 0.1 * i / c;
        }
        betas[total] = 1.0;
        return betas;
    }

    /**
     * The base-rate model's visible biases: {@code log(p / (1 - p))} of the data's marginals,
     * with p clipped to [0.001, 0.999].
     *
     * @param data binary training data
     * @return one bias per visible unit
     */
    public static float[] baseRateBias(DataSet data) {
        double[] means = data.columnMeans();
        float[] out = new float[means.length];
        for (int i = 0; i < out.length; i++) {
            double p = Math.min(0.999, Math.max(0.001, means[i]));
            out[i] = (float) Math.log(p / (1 - p));
        }
        return out;
    }

    /**
     * Estimates log Z.
     *
     * @param rbm a model with Bernoulli visible and hidden units
     * @param baseBias the base-rate model's visible biases
     * @param runs the number of AIS runs (100 in the paper)
     * @param betas the inverse temperatures, from 0 to 1 ({@link #schedule(int)})
     * @param seed the seed of the runs
     * @return the estimate
     */
    public static Estimate logZ(BoundRbm rbm, float[] baseBias, int runs, double[] betas, long seed) {
        if (rbm.spec().visibleUnits() != VisibleUnits.BERNOULLI || rbm.spec().hiddenUnits() != HiddenUnits.BERNOULLI) {
            throw new IllegalArgumentException("AIS is implemented for Bernoulli visible and hidden units, not "
                    + rbm.spec());
        }
        if (betas[0] != 0 || betas[betas.length - 1] != 1) {
            throw new IllegalArgumentException("the inverse temperatures must run from 0 to 1");
        }
        Backend b = rbm.backend();
        int nv = rbm.spec().visible();
        int nh = rbm.spec().hidden();
        double logZBase = nh * Math.log(2);
        for (float bias : baseBias) {
            logZBase += ExactPartition.softplus(bias);
        }
        float[] biases = new float[2 * nv];
        System.arraycopy(baseBias, 0, biases, 0, nv);
        System.arraycopy(rbm.visibleBias().toArray(), 0, biases, nv, nv);
        double[] logW = new double[runs];
        RandomStream random = b.randomStream(seed);
        try (Matrix v = b.matrix(runs, nv);
             Matrix base = b.matrix(1, nv, baseBias);
             Matrix twoBiases = b.matrix(2, nv, biases);
             Matrix dots = b.matrix(runs, 2);
             Matrix x = b.matrix(runs, nh);
             Matrix t = b.matrix(runs, nh);
             Matrix sums = b.matrix(runs, 1);
             Matrix h = b.matrix(runs, nh);
             Matrix y = b.matrix(runs, nv);
             Matrix scaledBase = b.matrix(1, nv)) {
            // Exact sample of the base model: independent Bernoulli(sigmoid(b_A)).
            b.addRowVector(v, base, y);
            b.activateInPlace(Activation.SIGMOID, y);
            b.sampleBernoulli(random, y, v);
            for (int k = 1; k < betas.length; k++) {
                double previous = betas[k - 1];
                double current = betas[k];
                rbm.hiddenPreActivation(v, x);
                b.gemm(false, true, 1f, v, twoBiases, 0f, dots);
                float[] d = dots.toArray();
                double[] hiddenPrevious = softplusRowSums(b, x, (float) previous, t, sums);
                double[] hiddenCurrent = softplusRowSums(b, x, (float) current, t, sums);
                for (int r = 0; r < runs; r++) {
                    double base0 = d[2 * r];
                    double model = d[2 * r + 1];
                    logW[r] += (current - previous) * (model - base0) + hiddenCurrent[r] - hiddenPrevious[r];
                }
                if (k == betas.length - 1) {
                    break;
                }
                // One Gibbs step in p_k: h ~ sigmoid(beta (c + W v)), v ~ sigmoid((1 - beta) b_A + beta (b + W^T h)).
                b.scale((float) current, x, t);
                b.activateInPlace(Activation.SIGMOID, t);
                b.sampleBernoulli(random, t, h);
                rbm.visiblePreActivation(h, y);
                b.scale((float) current, y, y);
                b.scale((float) (1 - current), base, scaledBase);
                b.addRowVector(y, scaledBase, y);
                b.activateInPlace(Activation.SIGMOID, y);
                b.sampleBernoulli(random, y, v);
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (double w : logW) {
            max = Math.max(max, w);
        }
        double mean = 0;
        double squares = 0;
        for (double w : logW) {
            double e = Math.exp(w - max);
            mean += e;
            squares += e * e;
        }
        mean /= runs;
        double variance = Math.max(0, squares / runs - mean * mean);
        double logMean = max + Math.log(mean);
        double se = Math.sqrt(variance) / (mean * Math.sqrt(runs));
        return new Estimate(logZBase + logMean, se, logZBase, runs, betas.length - 1);
    }

    private static double[] softplusRowSums(Backend b, Matrix x, float beta, Matrix t, Matrix sums) {
        b.scale(beta, x, t);
        b.activateInPlace(Activation.SOFTPLUS, t);
        b.rowSums(t, sums);
        float[] s = sums.toArray();
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }

    /**
     * The average log-likelihood of examples, {@code -mean F(v) - log Z}, in nats.
     *
     * @param rbm the model
     * @param data the examples
     * @param logZ the log partition function
     * @return the average log-likelihood
     */
    public static double averageLogLikelihood(BoundRbm rbm, DataSet data, double logZ) {
        return -Evaluation.meanFreeEnergy(rbm, data) - logZ;
    }
}
