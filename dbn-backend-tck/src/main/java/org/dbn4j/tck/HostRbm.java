package org.dbn4j.tck;

import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;

/**
 * An RBM's energy written out term by term in double precision on the host: the oracle that the
 * backend computations of {@code BoundRbm} are checked against.
 */
public final class HostRbm {

    private final RbmSpec spec;
    private final double[][] w;
    private final double[] b;
    private final double[] c;
    private final double[] precision;

    /**
     * Copies the parameters of a model.
     *
     * @param rbm the model
     */
    public HostRbm(Rbm rbm) {
        spec = rbm.spec();
        int nv = spec.visible();
        int nh = spec.hidden();
        w = new double[nh][nv];
        for (int j = 0; j < nh; j++) {
            for (int i = 0; i < nv; i++) {
                w[j][i] = rbm.weight(j, i);
            }
        }
        b = toDouble(rbm.visibleBias());
        c = toDouble(rbm.hiddenBias());
        precision = new double[nv];
        float[] logVar = rbm.visibleLogVariance();
        for (int i = 0; i < nv; i++) {
            precision[i] = logVar == null ? 1.0 : Math.exp(-logVar[i]);
        }
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    /**
     * The energy E(v, h) by its definition.
     *
     * @param v visible state
     * @param h hidden state
     * @return the energy
     */
    public double energy(double[] v, double[] h) {
        double e = 0;
        for (int i = 0; i < v.length; i++) {
            e += spec.visibleUnits() == VisibleUnits.GAUSSIAN ? precision[i] * (v[i] - b[i]) * (v[i] - b[i]) / 2
                    : -b[i] * v[i];
        }
        for (int j = 0; j < h.length; j++) {
            double x = c[j];
            for (int i = 0; i < v.length; i++) {
                x += w[j][i] * v[i] * precision[i];
            }
            e -= h[j] * x;
            if (spec.hiddenUnits() == HiddenUnits.NOISY_RELU) {
                e += h[j] * h[j] / 2;
            }
        }
        return e;
    }

    /**
     * {@code -log sum_h exp(-E(v, h))} over all binary hidden states, by enumeration.
     *
     * @param v visible state
     * @return the free energy
     */
    public double freeEnergyByEnumeration(double[] v) {
        int nh = spec.hidden();
        double[] terms = new double[1 << nh];
        for (int s = 0; s < terms.length; s++) {
            terms[s] = -energy(v, bits(s, nh));
        }
        return -logSumExp(terms);
    }

    /**
     * The exact {@code P(h_j = 1 | v)} from the joint, by enumerating hidden states.
     *
     * @param v visible state
     * @return one probability per hidden unit
     */
    public double[] hiddenConditional(double[] v) {
        int nh = spec.hidden();
        double[] logWeights = new double[1 << nh];
        for (int s = 0; s < logWeights.length; s++) {
            logWeights[s] = -energy(v, bits(s, nh));
        }
        double logTotal = logSumExp(logWeights);
        double[] p = new double[nh];
        for (int s = 0; s < logWeights.length; s++) {
            double weight = Math.exp(logWeights[s] - logTotal);
            for (int j = 0; j < nh; j++) {
                if ((s >> j & 1) == 1) {
                    p[j] += weight;
                }
            }
        }
        return p;
    }

    /**
     * The exact {@code P(v_i = 1 | h)} for binary or one-hot visible units, by enumerating all
     * visible states allowed by the unit type.
     *
     * @param h hidden state
     * @return one probability per visible unit
     */
    public double[] visibleConditional(double[] h) {
        int nv = spec.visible();
        java.util.List<double[]> states = visibleStates();
        double[] logWeights = new double[states.size()];
        for (int s = 0; s < logWeights.length; s++) {
            logWeights[s] = -energy(states.get(s), h);
        }
        double logTotal = logSumExp(logWeights);
        double[] p = new double[nv];
        for (int s = 0; s < logWeights.length; s++) {
            double weight = Math.exp(logWeights[s] - logTotal);
            for (int i = 0; i < nv; i++) {
                p[i] += weight * states.get(s)[i];
            }
        }
        return p;
    }

    /**
     * Every visible state of a binary or one-hot visible layer.
     *
     * @return the states
     */
    public java.util.List<double[]> visibleStates() {
        int nv = spec.visible();
        java.util.List<double[]> states = new java.util.ArrayList<>();
        if (spec.visibleUnits() == VisibleUnits.BERNOULLI) {
            for (int s = 0; s < 1 << nv; s++) {
                states.add(bits(s, nv));
            }
        } else if (spec.visibleUnits() == VisibleUnits.SOFTMAX) {
            int k = spec.softmaxGroupSize();
            int groups = nv / k;
            int count = (int) Math.pow(k, groups);
            for (int s = 0; s < count; s++) {
                double[] v = new double[nv];
                int rest = s;
                for (int g = 0; g < groups; g++) {
                    v[g * k + rest % k] = 1;
                    rest /= k;
                }
                states.add(v);
            }
        } else {
            throw new IllegalStateException("Gaussian visible states cannot be enumerated");
        }
        return states;
    }

    /**
     * The bits of an integer as a 0/1 vector, lowest bit first.
     *
     * @param s the integer
     * @param n the number of bits
     * @return the vector
     */
    public static double[] bits(int s, int n) {
        double[] out = new double[n];
        for (int j = 0; j < n; j++) {
            out[j] = s >> j & 1;
        }
        return out;
    }

    /**
     * {@code log sum exp} of an array, without overflow.
     *
     * @param x the values
     * @return the log-sum-exp
     */
    public static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        double total = 0;
        for (double v : x) {
            total += Math.exp(v - max);
        }
        return max + Math.log(total);
    }
}
