package org.dbn4j.training;

import java.util.ArrayList;
import java.util.List;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tck.HostRbm;

/**
 * The exact gradient of the average log-likelihood of a tiny RBM of any unit types, in double
 * precision: {@code E_data[d(-E)/dtheta] - E_model[d(-E)/dtheta]}, the derivatives being the
 * statistics {@code Statistics} accumulates: {@code h_j s_i v_i} for the weights, {@code s_i v_i}
 * (or {@code v_i}) for the visible biases, {@code h_j} for the hidden biases and, with learned
 * variances {@code s_i = exp(-z_i)}, {@code s_i ((v_i - b_i)^2 / 2 - v_i (W^T h)_i)} for
 * {@code z_i}. The hidden expectations are exact: {@code sigmoid(x)} for Bernoulli units and
 * {@code sum_n sigmoid(x - n + 1/2)} over the {@value BoundRbm#NOISY_RELU_COPIES} binary copies
 * that a noisy ReLU unit stands for (the model whose free energy {@code BoundRbm} reports).
 *
 * <p>The model expectation enumerates the visible states (Bernoulli and softmax units), or for
 * Gaussian visible units with Bernoulli hidden units enumerates the hidden states and
 * integrates over v in closed form ({@code v | h ~ N(b + W^T h, 1 / s)}), or for Gaussian
 * visible units with noisy ReLU hidden units integrates {@code exp(-F(v))} numerically on a
 * grid (at most 2 visible units).
 *
 * <p>Laid out like {@code RbmGradient}: weights hidden x visible, visible biases, hidden biases,
 * then the visible log-variances if the model learns them.
 */
final class ExactGradient {

    /** Grid points per unit of v (each side of the bias spans 10 standard deviations). */
    private static final int GRID_PER_UNIT = 16;
    private static final int GRID_HALF_WIDTH = 10;

    private ExactGradient() {
    }

    static double[] of(Rbm rbm, float[][] data) {
        RbmSpec spec = rbm.spec();
        double[] dataStats = new double[length(spec)];
        for (float[] row : data) {
            addStatistics(rbm, toDouble(row), 1.0 / data.length, dataStats);
        }
        double[] modelStats = modelStatistics(rbm);
        double[] g = new double[dataStats.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = dataStats[i] - modelStats[i];
        }
        return g;
    }

    static int length(RbmSpec spec) {
        int nv = spec.visible();
        int nh = spec.hidden();
        return nh * nv + nv + nh + (spec.learnedVariance() ? nv : 0);
    }

    private static double[] modelStatistics(Rbm rbm) {
        RbmSpec spec = rbm.spec();
        double[] out = new double[length(spec)];
        if (spec.visibleUnits() != VisibleUnits.GAUSSIAN) {
            List<double[]> states = new HostRbm(rbm).visibleStates();
            weighByFreeEnergy(rbm, states, out);
        } else if (spec.hiddenUnits() == HiddenUnits.BERNOULLI) {
            gaussianBernoulliModel(rbm, out);
        } else {
            weighByFreeEnergy(rbm, grid(rbm), out);
        }
        return out;
    }

    /** Adds the statistics of the states, weighted by {@code exp(-F(v))} normalised over them. */
    private static void weighByFreeEnergy(Rbm rbm, List<double[]> states, double[] out) {
        double[] logWeights = new double[states.size()];
        for (int s = 0; s < logWeights.length; s++) {
            logWeights[s] = -freeEnergy(rbm, states.get(s));
        }
        double logTotal = HostRbm.logSumExp(logWeights);
        for (int s = 0; s < logWeights.length; s++) {
            addStatistics(rbm, states.get(s), Math.exp(logWeights[s] - logTotal), out);
        }
    }

    /** A square grid around the visible biases, for at most two Gaussian visible units. */
    private static List<double[]> grid(Rbm rbm) {
        int nv = rbm.visible();
        if (nv > 2) {
            throw new IllegalArgumentException("the grid integral is for at most 2 visible units");
        }
        double[] sd = new double[nv];
        int[] points = new int[nv];
        for (int i = 0; i < nv; i++) {
            sd[i] = Math.exp(0.5 * logVariance(rbm, i));
            points[i] = (int) Math.ceil(2 * GRID_HALF_WIDTH * sd[i] * GRID_PER_UNIT) + 1;
        }
        List<double[]> out = new ArrayList<>();
        int total = 1;
        for (int p : points) {
            total *= p;
        }
        for (int k = 0; k < total; k++) {
            double[] v = new double[nv];
            int rest = k;
            for (int i = 0; i < nv; i++) {
                v[i] = rbm.visibleBias()[i] - GRID_HALF_WIDTH * sd[i] + (rest % points[i]) / (double) GRID_PER_UNIT;
                rest /= points[i];
            }
            out.add(v);
        }
        return out;
    }

    /**
     * Gaussian visible, Bernoulli hidden: {@code p(h) ~ exp(c.h + sum_i s_i ((b_i + y_i)^2 -
     * b_i^2) / 2)} with {@code y = W^T h}, and the v statistics as Gaussian moments given h.
     */
    private static void gaussianBernoulliModel(Rbm rbm, double[] out) {
        int nv = rbm.visible();
        int nh = rbm.hidden();
        double[] b = toDouble(rbm.visibleBias());
        double[] logWeights = new double[1 << nh];
        double[][] ys = new double[1 << nh][];
        for (int s = 0; s < logWeights.length; s++) {
            double[] h = HostRbm.bits(s, nh);
            double[] y = downward(rbm, h);
            double lw = 0;
            for (int j = 0; j < nh; j++) {
                lw += rbm.hiddenBias()[j] * h[j];
            }
            for (int i = 0; i < nv; i++) {
                lw += precision(rbm, i) * ((b[i] + y[i]) * (b[i] + y[i]) - b[i] * b[i]) / 2;
            }
            logWeights[s] = lw;
            ys[s] = y;
        }
        double logTotal = HostRbm.logSumExp(logWeights);
        for (int s = 0; s < logWeights.length; s++) {
            double p = Math.exp(logWeights[s] - logTotal);
            double[] h = HostRbm.bits(s, nh);
            double[] y = ys[s];
            for (int j = 0; j < nh; j++) {
                for (int i = 0; i < nv; i++) {
                    out[j * nv + i] += p * h[j] * precision(rbm, i) * (b[i] + y[i]);
                }
                out[nh * nv + nv + j] += p * h[j];
            }
            for (int i = 0; i < nv; i++) {
                double si = precision(rbm, i);
                out[nh * nv + i] += p * visibleBiasStatistic(rbm, i, b[i] + y[i]);
                if (rbm.spec().learnedVariance()) {
                    // E[(v - b)^2 | h] = 1 / s + y^2 and E[v | h] = b + y
                    out[nh * nv + nv + nh + i] += p * si * ((1 / si + y[i] * y[i]) / 2 - (b[i] + y[i]) * y[i]);
                }
            }
        }
    }

    /** Adds {@code weight} times the statistics of one visible state with exact hidden expectations. */
    private static void addStatistics(Rbm rbm, double[] v, double weight, double[] out) {
        int nv = rbm.visible();
        int nh = rbm.hidden();
        double[] h = hiddenExpectation(rbm, v);
        double[] y = downward(rbm, h);
        for (int j = 0; j < nh; j++) {
            for (int i = 0; i < nv; i++) {
                out[j * nv + i] += weight * h[j] * precision(rbm, i) * v[i];
            }
            out[nh * nv + nv + j] += weight * h[j];
        }
        for (int i = 0; i < nv; i++) {
            out[nh * nv + i] += weight * visibleBiasStatistic(rbm, i, v[i]);
            if (rbm.spec().learnedVariance()) {
                double d = v[i] - rbm.visibleBias()[i];
                out[nh * nv + nv + nh + i] += weight * precision(rbm, i) * (d * d / 2 - v[i] * y[i]);
            }
        }
    }

    /** {@code s_i v_i} with learned variances (whose {@code - s_i b_i} cancels between phases), else {@code v_i}. */
    private static double visibleBiasStatistic(Rbm rbm, int i, double v) {
        return rbm.spec().learnedVariance() ? precision(rbm, i) * v : v;
    }

    static double[] hiddenExpectation(Rbm rbm, double[] v) {
        double[] x = hiddenInput(rbm, v);
        double[] h = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            if (rbm.spec().hiddenUnits() == HiddenUnits.BERNOULLI) {
                h[j] = sigmoid(x[j]);
            } else {
                for (int n = 1; n <= BoundRbm.NOISY_RELU_COPIES; n++) {
                    h[j] += sigmoid(x[j] - n + 0.5);
                }
            }
        }
        return h;
    }

    /** {@code F(v) = V(v) - sum_j log-sum over h_j}, as {@code BoundRbm#freeEnergy} defines it. */
    static double freeEnergy(Rbm rbm, double[] v) {
        double f = 0;
        for (int i = 0; i < v.length; i++) {
            double bi = rbm.visibleBias()[i];
            f += rbm.spec().visibleUnits() == VisibleUnits.GAUSSIAN
                    ? precision(rbm, i) * (v[i] - bi) * (v[i] - bi) / 2 : -bi * v[i];
        }
        for (double x : hiddenInput(rbm, v)) {
            if (rbm.spec().hiddenUnits() == HiddenUnits.BERNOULLI) {
                f -= softplus(x);
            } else {
                for (int n = 1; n <= BoundRbm.NOISY_RELU_COPIES; n++) {
                    f -= softplus(x - n + 0.5);
                }
            }
        }
        return f;
    }

    /** {@code x_j = c_j + sum_i W_ji s_i v_i}. */
    private static double[] hiddenInput(Rbm rbm, double[] v) {
        double[] x = new double[rbm.hidden()];
        for (int j = 0; j < x.length; j++) {
            x[j] = rbm.hiddenBias()[j];
            for (int i = 0; i < v.length; i++) {
                x[j] += rbm.weight(j, i) * precision(rbm, i) * v[i];
            }
        }
        return x;
    }

    /** {@code y = W^T h}. */
    private static double[] downward(Rbm rbm, double[] h) {
        double[] y = new double[rbm.visible()];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < h.length; j++) {
                y[i] += rbm.weight(j, i) * h[j];
            }
        }
        return y;
    }

    private static double logVariance(Rbm rbm, int i) {
        return rbm.visibleLogVariance() == null ? 0 : rbm.visibleLogVariance()[i];
    }

    private static double precision(Rbm rbm, int i) {
        return Math.exp(-logVariance(rbm, i));
    }

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
