package org.dbn4j.model;

import java.util.Objects;

/**
 * The task layer on top of a DBN: {@code out = x W^T + bias}, followed by a softmax for
 * classification (trained with cross-entropy) or left linear for regression (trained with
 * squared error). {@code W} is [outputs, inputs] as in PyTorch's {@code nn.Linear}. An immutable
 * value; accessors return copies.
 */
public final class Head {

    /** What the head computes. */
    public enum Kind {
        /** Class probabilities by a softmax of the outputs; stored as {@code classifier.*}. */
        SOFTMAX,
        /** Real-valued outputs; stored as {@code regressor.*}. */
        LINEAR
    }

    /** The model file's name of the weight matrix within a head's tensors. */
    public static final String WEIGHT = "weight";
    /** The model file's name of the bias within a head's tensors. */
    public static final String BIAS = "bias";

    /**
     * The model file's name of one of a head's tensors, the one naming scheme that checkpoints,
     * replicas and distributed training use too.
     *
     * @param kind the head's kind
     * @param tensor {@link #WEIGHT} or {@link #BIAS}
     * @return for example {@code classifier.weight}
     */
    public static String tensorName(Kind kind, String tensor) {
        return (kind == Kind.SOFTMAX ? "classifier." : "regressor.") + tensor;
    }

    private final Kind kind;
    private final int inputs;
    private final int outputs;
    private final float[] weight;
    private final float[] bias;

    /**
     * Creates a head, copying the parameters.
     *
     * @param kind softmax or linear
     * @param inputs the number of inputs (the top layer's units)
     * @param outputs the number of classes or outputs
     * @param weight outputs x inputs, row-major
     * @param bias one per output
     * @throws IllegalArgumentException if a size does not fit or a value is not finite
     */
    public Head(Kind kind, int inputs, int outputs, float[] weight, float[] bias) {
        this.kind = Objects.requireNonNull(kind, "kind");
        if (inputs < 1 || outputs < 1) {
            throw new IllegalArgumentException("a head needs at least one input and one output, got " + inputs
                    + " -> " + outputs);
        }
        if (kind == Kind.SOFTMAX && outputs < 2) {
            throw new IllegalArgumentException("a softmax head needs at least 2 classes, got " + outputs);
        }
        this.inputs = inputs;
        this.outputs = outputs;
        this.weight = Parameters.checked("head weight", weight, (long) outputs * inputs);
        this.bias = Parameters.checked("head bias", bias, outputs);
    }

    /**
     * A softmax head with zero parameters.
     *
     * @param inputs the number of inputs
     * @param classes the number of classes
     * @return the head
     */
    public static Head softmax(int inputs, int classes) {
        return new Head(Kind.SOFTMAX, inputs, classes, new float[inputs * classes], new float[classes]);
    }

    /**
     * A linear head with zero parameters.
     *
     * @param inputs the number of inputs
     * @param outputs the number of outputs
     * @return the head
     */
    public static Head linear(int inputs, int outputs) {
        return new Head(Kind.LINEAR, inputs, outputs, new float[inputs * outputs], new float[outputs]);
    }

    /**
     * The same kind and sizes with other parameters.
     *
     * @param newWeight outputs x inputs
     * @param newBias one per output
     * @return the new head
     */
    public Head withParameters(float[] newWeight, float[] newBias) {
        return new Head(kind, inputs, outputs, newWeight, newBias);
    }

    /**
     * Softmax or linear.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The number of inputs.
     *
     * @return the count
     */
    public int inputs() {
        return inputs;
    }

    /**
     * The number of outputs (classes for a softmax head).
     *
     * @return the count
     */
    public int outputs() {
        return outputs;
    }

    /**
     * A copy of the weights, outputs x inputs.
     *
     * @return a new array
     */
    public float[] weight() {
        return weight.clone();
    }

    /**
     * A copy of the biases.
     *
     * @return a new array
     */
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + " head " + inputs + " -> " + outputs;
    }
}
