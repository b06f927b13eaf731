package org.dbn4j.training.eval;

import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * The pseudo-log-likelihood of binary data, {@code sum_i log P(v_i | v_-i)}, computed exactly
 * over every visible unit: flipping unit {@code i} changes the hidden inputs by
 * {@code +-W[:, i]}, so {@code log P(v_i | v_-i) = -softplus(F(v) - F(v with i flipped))}.
 */
public final class PseudoLikelihood {

    private PseudoLikelihood() {
    }

    /**
     * The pseudo-log-likelihood of a data set.
     *
     * @param sumPerExample the mean over examples of the sum over visible units, in nats
     * @param meanPerVariable the same divided by the number of visible units
     * @param examples the number of examples used
     */
    public record Result(double sumPerExample, double meanPerVariable, int examples) {
    }

    /**
     * Computes the pseudo-log-likelihood exactly (every visible unit of every example).
     *
     * @param rbm a model with Bernoulli visible units
     * @param data binary examples
     * @return the result
     */
    public static Result of(BoundRbm rbm, DataSet data) {
        if (rbm.spec().visibleUnits() != VisibleUnits.BERNOULLI) {
            throw new IllegalArgumentException("pseudo-log-likelihood is defined here for Bernoulli visible units, not "
                    + rbm.spec());
        }
        Backend b = rbm.backend();
        int nv = rbm.spec().visible();
        int nh = rbm.spec().hidden();
        float[] weights = rbm.weights().toArray();
        float[] bias = rbm.visibleBias().toArray();
        float[] transposed = new float[nv * nh];
        for (int j = 0; j < nh; j++) {
            for (int i = 0; i < nv; i++) {
                transposed[i * nh + j] = weights[j * nv + i];
            }
        }
        double total = 0;
        try (Matrix wt = b.matrix(nv, nh, transposed); Matrix column = b.matrix(1, nh)) {
            for (int from = 0; from < data.rows(); from += Evaluation.CHUNK) {
                DataSet part = Evaluation.chunk(data, from);
                int n = part.rows();
                float[] v = part.features();
                float[] signs = new float[nv * n];
                for (int r = 0; r < n; r++) {
                    for (int i = 0; i < nv; i++) {
                        signs[i * n + r] = 1f - 2f * v[r * nv + i];
                    }
                }
                try (Matrix vm = part.toMatrix(b); Matrix x = b.matrix(n, nh); Matrix xi = b.matrix(n, nh);
                     Matrix s = b.matrix(nv, n, signs); Matrix si = b.matrix(1, n); Matrix sums = b.matrix(n, 1);
                     Matrix base = b.matrix(n, 1)) {
                    rbm.hiddenPreActivation(vm, x);
                    b.activate(Activation.SOFTPLUS, x, xi);
                    b.rowSums(xi, base);
                    float[] t0 = base.toArray();
                    int[] index = new int[1];
                    for (int i = 0; i < nv; i++) {
                        index[0] = i;
                        b.gatherRows(s, index, 0, si);
                        b.gatherRows(wt, index, 0, column);
                        b.copy(x, xi);
                        b.gemm(true, false, 1f, si, column, 1f, xi);
                        b.activateInPlace(Activation.SOFTPLUS, xi);
                        b.rowSums(xi, sums);
                        float[] ti = sums.toArray();
                        for (int r = 0; r < n; r++) {
                            // F(flip) - F(v) = -b_i s_i - (T_i - T_0), with s_i = 1 - 2 v_i.
                            double d = -bias[i] * (double) signs[i * n + r] - ((double) ti[r] - t0[r]);
                            total -= softplus(-d);
                        }
                    }
                }
            }
        }
        double perExample = total / Math.max(1, data.rows());
        return new Result(perExample, perExample / nv, data.rows());
    }

    private static double softplus(double x) {
        return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    }
}
