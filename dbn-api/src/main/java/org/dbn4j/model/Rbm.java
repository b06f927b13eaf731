package org.dbn4j.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.dbn4j.tensor.Backend;

/**
 * A Restricted Boltzmann Machine as an immutable value: its {@link RbmSpec} and parameters.
 *
 * <p>Parameters use the names and layouts of the reference PyTorch model: {@code W}
 * [hidden, visible] row-major, {@code v_bias} [visible], {@code h_bias} [hidden]; a learned
 * visible variance adds {@code v_log_var} [visible], the log of each unit's variance. Accessors
 * return copies. To compute with the model, {@link #bind(Backend) bind} it to a backend.
 */
public final class Rbm {

    /** Name of the weight tensor, [hidden, visible]. */
    public static final String WEIGHTS = "W";
    /** Name of the visible bias tensor, [visible]. */
    public static final String VISIBLE_BIAS = "v_bias";
    /** Name of the hidden bias tensor, [hidden]. */
    public static final String HIDDEN_BIAS = "h_bias";
    /** Name of the visible log-variance tensor, [visible], present with a learned variance. */
    public static final String VISIBLE_LOG_VARIANCE = "v_log_var";

    private final RbmSpec spec;
    private final float[] weights;
    private final float[] visibleBias;
    private final float[] hiddenBias;
    private final float[] visibleLogVariance;

    /**
     * Creates an RBM, copying the parameters.
     *
     * @param spec the structure
     * @param weights hidden x visible, row-major
     * @param visibleBias one per visible unit
     * @param hiddenBias one per hidden unit
     * @param visibleLogVariance one per visible unit when the spec has a learned variance, else null
     * @throws IllegalArgumentException if a size does not match the spec or a value is not finite
     */
    public Rbm(RbmSpec spec, float[] weights, float[] visibleBias, float[] hiddenBias, float[] visibleLogVariance) {
        this(spec, weights, visibleBias, hiddenBias, visibleLogVariance, true);
    }

    /**
     * The same, keeping the arrays themselves when {@code copy} is false: for arrays that nobody
     * else holds, such as fresh copies out of a backend.
     */
    Rbm(RbmSpec spec, float[] weights, float[] visibleBias, float[] hiddenBias, float[] visibleLogVariance,
            boolean copy) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.weights = checked(WEIGHTS, weights, (long) spec.hidden() * spec.visible(), copy);
        this.visibleBias = checked(VISIBLE_BIAS, visibleBias, spec.visible(), copy);
        this.hiddenBias = checked(HIDDEN_BIAS, hiddenBias, spec.hidden(), copy);
        if (spec.learnedVariance()) {
            this.visibleLogVariance = checked(VISIBLE_LOG_VARIANCE, visibleLogVariance, spec.visible(), copy);
        } else if (visibleLogVariance != null) {
            throw new IllegalArgumentException(VISIBLE_LOG_VARIANCE + " is given but the spec has no learned variance");
        } else {
            this.visibleLogVariance = null;
        }
    }

    private static float[] checked(String name, float[] values, long expected, boolean copy) {
        Objects.requireNonNull(values, name);
        if (values.length != expected) {
            throw new IllegalArgumentException(name + " has " + values.length + " values, expected " + expected);
        }
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new IllegalArgumentException(name + "[" + i + "] is " + values[i]);
            }
        }
        return copy ? values.clone() : values;
    }

    /**
     * An RBM with all weights and biases zero (and unit variances).
     *
     * @param spec the structure
     * @return the RBM
     */
    public static Rbm zeros(RbmSpec spec) {
        return new Rbm(spec, new float[spec.hidden() * spec.visible()], new float[spec.visible()],
                new float[spec.hidden()], spec.learnedVariance() ? new float[spec.visible()] : null);
    }

    /**
     * The structure.
     *
     * @return the spec
     */
    public RbmSpec spec() {
        return spec;
    }

    /**
     * Number of visible units.
     *
     * @return the count
     */
    public int visible() {
        return spec.visible();
    }

    /**
     * Number of hidden units.
     *
     * @return the count
     */
    public int hidden() {
        return spec.hidden();
    }

    /**
     * A copy of the weights, hidden x visible, row-major.
     *
     * @return a new array
     */
    public float[] weights() {
        return weights.clone();
    }

    /**
     * One weight.
     *
     * @param hiddenUnit j
     * @param visibleUnit i
     * @return {@code W[j][i]}
     */
    public float weight(int hiddenUnit, int visibleUnit) {
        Objects.checkIndex(hiddenUnit, spec.hidden());
        Objects.checkIndex(visibleUnit, spec.visible());
        return weights[hiddenUnit * spec.visible() + visibleUnit];
    }

    /**
     * A copy of the visible biases.
     *
     * @return a new array
     */
    public float[] visibleBias() {
        return visibleBias.clone();
    }

    /**
     * A copy of the hidden biases.
     *
     * @return a new array
     */
    public float[] hiddenBias() {
        return hiddenBias.clone();
    }

    /**
     * A copy of the visible log-variances.
     *
     * @return a new array, or null without a learned variance
     */
    public float[] visibleLogVariance() {
        return visibleLogVariance == null ? null : visibleLogVariance.clone();
    }

    /**
     * The parameters by their reference names, in a fixed order, as copies.
     *
     * @return name to values
     */
    public Map<String, float[]> parameters() {
        Map<String, float[]> out = new LinkedHashMap<>();
        out.put(WEIGHTS, weights());
        out.put(HIDDEN_BIAS, hiddenBias());
        out.put(VISIBLE_BIAS, visibleBias());
        if (visibleLogVariance != null) {
            out.put(VISIBLE_LOG_VARIANCE, visibleLogVariance());
        }
        return out;
    }

    /**
     * Copies the parameters to a backend for computing.
     *
     * @param backend the backend
     * @return the bound model, which the caller closes
     */
    public BoundRbm bind(Backend backend) {
        return new BoundRbm(backend, this);
    }

    @Override
    public String toString() {
        return "Rbm[" + spec + "]";
    }
}
