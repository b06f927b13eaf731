package org.dbn4j.model;

/**
 * A softmax group of label units joined to the visible layer of a DBN's top RBM, as in Hinton,
 * Osindero and Teh (2006): the top RBM then models the joint of the penultimate layer's states
 * and the class, which lets the DBN classify by free energy and generate images of a chosen
 * class. Weights are [top hidden units, classes], like the RBM's own {@code W}. An immutable
 * value; accessors return copies.
 */
public final class LabelUnits {

    private final int classes;
    private final int hidden;
    private final float[] weights;
    private final float[] bias;

    /**
     * Creates label units, copying the parameters.
     *
     * @param classes the number of classes, at least 2
     * @param hidden the number of hidden units of the top RBM
     * @param weights hidden x classes, row-major
     * @param bias one per class
     */
    public LabelUnits(int classes, int hidden, float[] weights, float[] bias) {
        if (classes < 2 || hidden < 1) {
            throw new IllegalArgumentException("label units need at least 2 classes and 1 hidden unit, got "
                    + classes + " and " + hidden);
        }
        this.classes = classes;
        this.hidden = hidden;
        this.weights = Parameters.checked("label weights", weights, (long) hidden * classes);
        this.bias = Parameters.checked("label bias", bias, classes);
    }

    /**
     * Label units with zero parameters.
     *
     * @param classes the number of classes
     * @param hidden the top RBM's hidden units
     * @return the label units
     */
    public static LabelUnits zeros(int classes, int hidden) {
        return new LabelUnits(classes, hidden, new float[classes * hidden], new float[classes]);
    }

    /**
     * The number of classes.
     *
     * @return the count
     */
    public int classes() {
        return classes;
    }

    /**
     * The number of hidden units of the top RBM.
     *
     * @return the count
     */
    public int hidden() {
        return hidden;
    }

    /**
     * A copy of the weights, hidden x classes.
     *
     * @return a new array
     */
    public float[] weights() {
        return weights.clone();
    }

    /**
     * A copy of the label biases.
     *
     * @return a new array
     */
    public float[] bias() {
        return bias.clone();
    }

    @Override
    public String toString() {
        return classes + " label units";
    }
}
