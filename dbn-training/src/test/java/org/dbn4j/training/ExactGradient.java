package org.dbn4j.training;

import org.dbn4j.model.Rbm;
import org.dbn4j.tck.HostRbm;

/**
 * The exact gradient of the average log-likelihood of a tiny binary RBM, by enumerating every
 * visible state: {@code E_data[h v^T] - E_model[h v^T]} (and the bias terms) with
 * {@code E[h | v] = sigmoid(c + W v)} and {@code p(v) = exp(-F(v)) / Z}. Laid out like
 * {@code RbmGradient}: weights hidden x visible, then visible biases, then hidden biases.
 */
final class ExactGradient {

    private ExactGradient() {
    }

    static double[] of(Rbm rbm, float[][] data) {
        int nv = rbm.visible();
        int nh = rbm.hidden();
        double[] dataStats = statistics(rbm, data, null);
        java.util.List<double[]> states = new HostRbm(rbm).visibleStates();
        float[][] all = new float[states.size()][nv];
        double[] logWeights = new double[states.size()];
        HostRbm host = new HostRbm(rbm);
        for (int s = 0; s < states.size(); s++) {
            for (int i = 0; i < nv; i++) {
                all[s][i] = (float) states.get(s)[i];
            }
            logWeights[s] = -host.freeEnergyByEnumeration(states.get(s));
        }
        double logZ = HostRbm.logSumExp(logWeights);
        double[] p = new double[states.size()];
        for (int s = 0; s < p.length; s++) {
            p[s] = Math.exp(logWeights[s] - logZ);
        }
        double[] modelStats = statistics(rbm, all, p);
        double[] g = new double[dataStats.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = dataStats[i] - modelStats[i];
        }
        return g;
    }

    /** Expected sufficient statistics under the rows, weighted by p (or uniformly). */
    private static double[] statistics(Rbm rbm, float[][] rows, double[] p) {
        int nv = rbm.visible();
        int nh = rbm.hidden();
        double[] out = new double[nh * nv + nv + nh];
        for (int r = 0; r < rows.length; r++) {
            double weight = p == null ? 1.0 / rows.length : p[r];
            for (int j = 0; j < nh; j++) {
                double x = rbm.hiddenBias()[j];
                for (int i = 0; i < nv; i++) {
                    x += rbm.weight(j, i) * rows[r][i];
                }
                double h = 1 / (1 + Math.exp(-x));
                for (int i = 0; i < nv; i++) {
                    out[j * nv + i] += weight * h * rows[r][i];
                }
                out[nh * nv + nv + j] += weight * h;
            }
            for (int i = 0; i < nv; i++) {
                out[nh * nv + i] += weight * rows[r][i];
            }
        }
        return out;
    }
}
