package org.dbn4j.spark;

import java.io.Serializable;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Rbm;
import org.dbn4j.model.RbmSpec;
import org.dbn4j.model.VisibleUnits;

/** An RBM as plain arrays, for broadcasting to executors (the model types are not serializable). */
final class RbmParameters implements Serializable {
    private static final long serialVersionUID = 1L;

    final int visible;
    final int hidden;
    final VisibleUnits visibleUnits;
    final HiddenUnits hiddenUnits;
    final int softmaxGroupSize;
    final boolean learnedVariance;
    final float[] weights;
    final float[] visibleBias;
    final float[] hiddenBias;
    final float[] visibleLogVariance;

    RbmParameters(Rbm rbm) {
        RbmSpec s = rbm.spec();
        this.visible = s.visible();
        this.hidden = s.hidden();
        this.visibleUnits = s.visibleUnits();
        this.hiddenUnits = s.hiddenUnits();
        this.softmaxGroupSize = s.softmaxGroupSize();
        this.learnedVariance = s.learnedVariance();
        this.weights = rbm.weights();
        this.visibleBias = rbm.visibleBias();
        this.hiddenBias = rbm.hiddenBias();
        this.visibleLogVariance = rbm.visibleLogVariance();
    }

    RbmSpec spec() {
        return new RbmSpec(visible, hidden, visibleUnits, hiddenUnits, softmaxGroupSize, learnedVariance);
    }

    Rbm toRbm() {
        return new Rbm(spec(), weights, visibleBias, hiddenBias, visibleLogVariance);
    }

    /** Copies these values into a bound model of the same shape. */
    void copyInto(BoundRbm rbm) {
        copyInto(weights, visibleBias, hiddenBias, visibleLogVariance, rbm);
    }

    /** Copies parameters named as {@link Rbm#parameters()} names them into a bound model of the same shape. */
    static void copyInto(java.util.Map<String, float[]> parameters, BoundRbm rbm) {
        copyInto(parameters.get(Rbm.WEIGHTS), parameters.get(Rbm.VISIBLE_BIAS), parameters.get(Rbm.HIDDEN_BIAS),
                parameters.get(Rbm.VISIBLE_LOG_VARIANCE), rbm);
    }

    private static void copyInto(float[] weights, float[] visibleBias, float[] hiddenBias, float[] visibleLogVariance,
                                 BoundRbm rbm) {
        rbm.weights().copyFrom(weights);
        rbm.visibleBias().copyFrom(visibleBias);
        rbm.hiddenBias().copyFrom(hiddenBias);
        if (visibleLogVariance != null) {
            rbm.visibleLogVariance().copyFrom(visibleLogVariance);
        }
        rbm.refreshVariance();
    }
}
