package org.dbn4j.training.eval;

import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * The exact log partition function {@code log Z = log sum_{v,h} exp(-E(v, h))} of an RBM, by
 * enumerating the states of its smaller layer: a Bernoulli hidden layer (for any visible units:
 * Bernoulli, softmax groups and Gaussians have closed-form sums or integrals over v), or a
 * Bernoulli visible layer (for Bernoulli or noisy ReLU hidden units). Products of states with the weights run on the backend
 * in chunks; the rest is summed in double precision.
 */
public final class ExactPartition {

    /** The largest layer that is enumerated: 2^24 states. */
    public static final int MAX_UNITS = 24;

    private static final int CHUNK = 1 << 12;

    private ExactPartition() {
    }

    /**
     * Tells whether {@link #logZ} can enumerate this model.
     *
     * @param spec the structure
     * @return true if a layer is small enough
     */
    public static boolean feasible(RbmSpec spec) {
        return (spec.hiddenUnits() == HiddenUnits.BERNOULLI && spec.hidden() <= MAX_UNITS)
                || (spec.visibleUnits() == VisibleUnits.BERNOULLI && spec.visible() <= MAX_UNITS);
    }

    /**
     * Computes {@code log Z} exactly.
     *
     * @param rbm the model
     * @param backend the backend for the products
     * @return log Z in nats
     * @throws IllegalArgumentException if neither layer can be enumerated
     */
    public static double logZ(Rbm rbm, Backend backend) {
        RbmSpec spec = rbm.spec();
        if (!feasible(spec)) {
            throw new IllegalArgumentException("log Z is enumerated over at most " + MAX_UNITS
                    + " Bernoulli hidden units or Bernoulli visible units; " + spec + " has neither");
        }
        boolean visibleSideFeasible = spec.visibleUnits() == VisibleUnits.BERNOULLI && spec.visible() <= MAX_UNITS;
        boolean hiddenSide = spec.hiddenUnits() == HiddenUnits.BERNOULLI && spec.hidden() <= MAX_UNITS
                && (!visibleSideFeasible || spec.hidden() <= spec.visible());
        return hiddenSide ? overHidden(rbm, backend) : overVisible(rbm, backend);
    }

    /** log Z = logsumexp_h [c.h + sum over visible units of their closed-form log-sum or integral]. */
    private static double overHidden(Rbm rbm, Backend backend) {
        RbmSpec spec = rbm.spec();
        int nv = spec.visible();
        int nh = spec.hidden();
        float[] b = rbm.visibleBias();
        float[] c = rbm.hiddenBias();
        float[] logVar = rbm.visibleLogVariance();
        long states = 1L << nh;
        LogSumExp total = new LogSumExp();
        try (Matrix w = backend.matrix(nh, nv, rbm.weights())) {
            for (long first = 0; first < states; first += CHUNK) {
                int n = (int) Math.min(CHUNK, states - first);
                float[] h = new float[n * nh];
                for (int s = 0; s < n; s++) {
                    long bits = first + s;
                    for (int j = 0; j < nh; j++) {
                        h[s * nh + j] = bits >> j & 1;
                    }
                }
                float[] y;
                try (Matrix hm = backend.matrix(n, nh, h); Matrix ym = backend.matrix(n, nv)) {
                    backend.gemm(false, false, 1f, hm, w, 0f, ym);
                    y = ym.toArray();
                }
                for (int s = 0; s < n; s++) {
                    double term = 0;
                    for (int j = 0; j < nh; j++) {
                        term += c[j] * h[s * nh + j];
                    }
                    term += visibleLogSum(spec, b, logVar, y, s * nv);
                    total.add(term);
                }
            }
        }
        return total.value();
    }

    /** log of the sum (or integral) over visible states of exp(-V(v) + v . s . y), y = W^T h. */
    private static double visibleLogSum(RbmSpec spec, float[] b, float[] logVar, float[] y, int offset) {
        int nv = spec.visible();
        double sum = 0;
        switch (spec.visibleUnits()) {
            case BERNOULLI:
                for (int i = 0; i < nv; i++) {
                    sum += softplus(b[i] + (double) y[offset + i]);
                }
                return sum;
            case SOFTMAX:
                int k = spec.softmaxGroupSize();
                for (int g = 0; g < nv; g += k) {
                    double max = Double.NEGATIVE_INFINITY;
                    for (int i = g; i < g + k; i++) {
                        max = Math.max(max, b[i] + (double) y[offset + i]);
                    }
                    double inner = 0;
                    for (int i = g; i < g + k; i++) {
                        inner += Math.exp(b[i] + (double) y[offset + i] - max);
                    }
                    sum += max + Math.log(inner);
                }
                return sum;
            case GAUSSIAN:
                // integral of exp(-s (v - b)^2 / 2 + s v y) dv = sqrt(2 pi / s) exp(s ((b + y)^2 - b^2) / 2)
                for (int i = 0; i < nv; i++) {
                    double s = logVar == null ? 1.0 : Math.exp(-logVar[i]);
                    double m = b[i] + (double) y[offset + i];
                    sum += 0.5 * Math.log(2 * Math.PI / s) + s * (m * m - (double) b[i] * b[i]) / 2;
                }
                return sum;
            default:
                throw new IllegalStateException(String.valueOf(spec.visibleUnits()));
        }
    }

    /**
     * log Z = logsumexp_v [b.v + sum_j log-sum over h_j] for Bernoulli visible units: {@code
     * softplus(x_j)} for Bernoulli hidden units, {@code sum_n softplus(x_j - n + 1/2)} over the
     * binary copies of a noisy ReLU unit, as {@code BoundRbm#freeEnergy} defines it.
     */
    private static double overVisible(Rbm rbm, Backend backend) {
        RbmSpec spec = rbm.spec();
        int nv = spec.visible();
        int nh = spec.hidden();
        float[] b = rbm.visibleBias();
        float[] c = rbm.hiddenBias();
        boolean relu = spec.hiddenUnits() == HiddenUnits.NOISY_RELU;
        long states = 1L << nv;
        LogSumExp total = new LogSumExp();
        try (Matrix w = backend.matrix(nh, nv, rbm.weights())) {
            for (long first = 0; first < states; first += CHUNK) {
                int n = (int) Math.min(CHUNK, states - first);
                float[] v = new float[n * nv];
                for (int s = 0; s < n; s++) {
                    long bits = first + s;
                    for (int i = 0; i < nv; i++) {
                        v[s * nv + i] = bits >> i & 1;
                    }
                }
                float[] x;
                try (Matrix vm = backend.matrix(n, nv, v); Matrix xm = backend.matrix(n, nh)) {
                    backend.gemm(false, true, 1f, vm, w, 0f, xm);
                    x = xm.toArray();
                }
                for (int s = 0; s < n; s++) {
                    double term = 0;
                    for (int i = 0; i < nv; i++) {
                        term += b[i] * v[s * nv + i];
                    }
                    for (int j = 0; j < nh; j++) {
                        double xj = c[j] + (double) x[s * nh + j];
                        if (relu) {
                            for (int copy = 1; copy <= BoundRbm.NOISY_RELU_COPIES; copy++) {
                                term += softplus(xj - copy + 0.5);
                            }
                        } else {
                            term += softplus(xj);
                        }
                    }
                    total.add(term);
                }
            }
        }
        return total.value();
    }

    static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }

    /** A running log-sum-exp in double precision. */
    static final class LogSumExp {
        private double max = Double.NEGATIVE_INFINITY;
        private double sum;

        void add(double x) {
            if (x <= max) {
                sum += Math.exp(x - max);
            } else {
                sum = sum * Math.exp(max - x) + 1;
                max = x;
            }
        }

        double value() {
            return max + Math.log(sum);
        }
    }
}
