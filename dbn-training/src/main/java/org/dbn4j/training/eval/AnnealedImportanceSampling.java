package org.dbn4j.training.eval;

import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;

/**
 * The partition function of an RBM with Bernoulli hidden units and Bernoulli, softmax or
 * Gaussian visible units, by annealed importance sampling (Salakhutdinov and Murray 2008).
 *
 * <p>Runs start at a base model A (visible biases {@code b_A}, no weights, {@code Z_A}
 * known) and move through distributions
 * {@code p_k*(v) = exp((1 - beta_k) b_A.v + beta_k b.v + sum_j softplus(beta_k (c_j + W_j.v)))}
 * for {@code 0 = beta_0 < ... < beta_K = 1}, one Gibbs step at each. For Gaussian visible units
 * A has the model's variances and means {@code b_A}, and {@code -V_A(v)} and {@code -V(v)} (the
 * quadratic terms) replace the linear ones; for softmax groups A is independent categorical.
 * A run's importance weight is
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
     * The base model's visible biases for a model's visible units, fitted to training data:
     * {@link #baseRateBias} for Bernoulli units, the log of each state's frequency in its group
     * (clipped to [0.001, 0.999]) for softmax groups, and the column means for Gaussian units.
     *
     * @param spec the model's structure
     * @param data training data of that kind
     * @return one bias per visible unit
     */
    public static float[] baseBias(RbmSpec spec, DataSet data) {
        switch (spec.visibleUnits()) {
            case BERNOULLI:
                return baseRateBias(data);
            case SOFTMAX: {
                double[] means = data.columnMeans();
                float[] out = new float[means.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) Math.log(Math.min(0.999, Math.max(0.001, means[i])));
                }
                return out;
            }
            case GAUSSIAN: {
                double[] means = data.columnMeans();
                float[] out = new float[means.length];
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) means[i];
                }
                return out;
            }
            default:
                throw new IllegalStateException(String.valueOf(spec.visibleUnits()));
        }
    }

    /**
     * Estimates log Z.
     *
     * @param rbm a model with Bernoulli hidden units and Bernoulli, softmax or Gaussian visible units
     * @param baseBias the base model's visible biases ({@link #baseBias})
     * @param runs the number of AIS runs (100 in the paper)
     * @param betas the inverse temperatures, from 0 to 1 ({@link #schedule(int)})
     * @param seed the seed of the runs
     * @return the estimate
     * @throws IllegalArgumentException for noisy ReLU hidden units, whose binary copies it does
     *     not temper
     */
    public static Estimate logZ(BoundRbm rbm, float[] baseBias, int runs, double[] betas, long seed) {
        RbmSpec spec = rbm.spec();
        if (spec.hiddenUnits() != HiddenUnits.BERNOULLI) {
            throw new IllegalArgumentException("AIS needs Bernoulli hidden units: it does not temper the binary copies"
                    + " of noisy ReLU units (" + spec + "); ExactPartition enumerates small ones");
        }
        if (betas[0] != 0 || betas[betas.length - 1] != 1) {
            throw new IllegalArgumentException("the inverse temperatures must run from 0 to 1");
        }
        int nv = spec.visible();
        int nh = spec.hidden();
        if (baseBias.length != nv) {
            throw new IllegalArgumentException("the base model has " + baseBias.length + " visible biases, the model "
                    + nv + " visible units");
        }
        Backend b = rbm.backend();
        VisibleUnits kind = spec.visibleUnits();
        float[] modelBias = rbm.visibleBias().toArray();
        float[] precision = rbm.visiblePrecision() == null ? null : rbm.visiblePrecision().toArray();
        // log p_k*(v) = (1 - beta) a.v + beta m.v + offset + sum_j softplus(beta x_j): for Gaussian
        // units the quadratic terms of base and model cancel (same precisions), leaving a linear term.
        float[] linear = new float[2 * nv];
        double offset = 0;
        double logZBase = nh * Math.log(2);
        for (int i = 0; i < nv; i++) {
            double s = precision == null ? 1.0 : precision[i];
            if (kind == VisibleUnits.GAUSSIAN) {
                linear[i] = (float) (s * baseBias[i]);
                linear[nv + i] = (float) (s * modelBias[i]);
                offset += s * ((double) baseBias[i] * baseBias[i] - (double) modelBias[i] * modelBias[i]) / 2;
                logZBase += 0.5 * Math.log(2 * Math.PI / s);
            } else {
                linear[i] = baseBias[i];
                linear[nv + i] = modelBias[i];
                if (kind == VisibleUnits.BERNOULLI) {
                    logZBase += ExactPartition.softplus(baseBias[i]);
                }
            }
        }
        if (kind == VisibleUnits.SOFTMAX) {
            int k = spec.softmaxGroupSize();
            for (int g = 0; g < nv; g += k) {
                ExactPartition.LogSumExp group = new ExactPartition.LogSumExp();
                for (int i = g; i < g + k; i++) {
                    group.add(baseBias[i]);
                }
                logZBase += group.value();
            }
        }
        float[] stddev = null;
        if (precision != null) {
            stddev = new float[nv];
            for (int i = 0; i < nv; i++) {
                stddev[i] = (float) (1 / Math.sqrt(precision[i]));
            }
        }
        double[] logW = new double[runs];
        RandomStream random = b.randomStream(seed);
        try (Matrix v = b.matrix(runs, nv);
             Matrix base = b.matrix(1, nv, baseBias);
             Matrix twoBiases = b.matrix(2, nv, linear);
             Matrix dots = b.matrix(runs, 2);
             Matrix x = b.matrix(runs, nh);
             Matrix t = b.matrix(runs, nh);
             Matrix sums = b.matrix(runs, 1);
             Matrix h = b.matrix(runs, nh);
             Matrix y = b.matrix(runs, nv);
             Matrix scaledBase = b.matrix(1, nv);
             Matrix sd = stddev == null ? null : b.matrix(1, nv, stddev)) {
            // An exact sample of the base model, whose visible units are independent.
            b.addRowVector(v, base, y);
            sampleVisible(b, spec, random, y, sd, v);
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
                    logW[r] += (current - previous) * (model - base0 + offset) + hiddenCurrent[r] - hiddenPrevious[r];
                }
                if (k == betas.length - 1) {
                    break;
                }
                // One Gibbs step in p_k: h ~ sigmoid(beta x), then v given the mixed visible input
                // (1 - beta) a + beta (m + W^T h).
                b.scale((float) current, x, t);
                b.activateInPlace(Activation.SIGMOID, t);
                b.sampleBernoulli(random, t, h);
                rbm.visiblePreActivation(h, y);
                b.scale((float) current, y, y);
                b.scale((float) (1 - current), base, scaledBase);
                b.addRowVector(y, scaledBase, y);
                sampleVisible(b, spec, random, y, sd, v);
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

    /** Samples visible states from their total inputs (the Gaussian means); overwrites {@code input}. */
    private static void sampleVisible(Backend b, RbmSpec spec, RandomStream random, Matrix input, Matrix stddev,
                                      Matrix out) {
        switch (spec.visibleUnits()) {
            case BERNOULLI:
                b.activateInPlace(Activation.SIGMOID, input);
                b.sampleBernoulli(random, input, out);
                break;
            case SOFTMAX:
                b.softmaxGroups(spec.softmaxGroupSize(), input, input);
                b.sampleOneHotGroups(random, spec.softmaxGroupSize(), input, out);
                break;
            case GAUSSIAN:
                if (stddev == null) {
                    b.sampleGaussian(random, input, 1f, out);
                } else {
                    b.sampleGaussian(random, input, stddev, out);
                }
                break;
            default:
                throw new IllegalStateException(String.valueOf(spec.visibleUnits()));
        }
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
