package org.dbn4j.model;

/**
 * The structure of an RBM: layer sizes and unit types.
 *
 * @param visible number of visible units
 * @param hidden number of hidden units
 * @param visibleUnits kind of the visible units
 * @param hiddenUnits kind of the hidden units
 * @param softmaxGroupSize for {@link VisibleUnits#SOFTMAX}, units per one-hot group (dividing
 *     {@code visible}); 0 otherwise
 * @param learnedVariance for {@link VisibleUnits#GAUSSIAN}, whether each visible unit learns
 *     its variance (else it is 1); false otherwise
 */
public record RbmSpec(int visible, int hidden, VisibleUnits visibleUnits, HiddenUnits hiddenUnits,
                      int softmaxGroupSize, boolean learnedVariance) {

    /**
     * Checks the combination.
     *
     * @param visible number of visible units
     * @param hidden number of hidden units
     * @param visibleUnits kind of the visible units
     * @param hiddenUnits kind of the hidden units
     * @param softmaxGroupSize units per one-hot group, or 0
     * @param learnedVariance whether Gaussian visible units learn their variance
     * @throws IllegalArgumentException if sizes or options do not fit the unit types
     */
    public RbmSpec {
        if (visible < 1 || hidden < 1) {
            throw new IllegalArgumentException("an RBM needs at least one visible and one hidden unit, got " + visible
                    + " x " + hidden);
        }
        if (visibleUnits == null || hiddenUnits == null) {
            throw new IllegalArgumentException("unit types must not be null");
        }
        if (visibleUnits == VisibleUnits.SOFTMAX) {
            if (softmaxGroupSize < 2 || visible % softmaxGroupSize != 0) {
                throw new IllegalArgumentException("softmax groups of " + softmaxGroupSize + " units do not divide "
                        + visible + " visible units (groups need at least 2)");
            }
        } else if (softmaxGroupSize != 0) {
            throw new IllegalArgumentException("a softmax group size applies to SOFTMAX visible units only");
        }
        if (learnedVariance && visibleUnits != VisibleUnits.GAUSSIAN) {
            throw new IllegalArgumentException("a learned variance applies to GAUSSIAN visible units only");
        }
    }

    /**
     * Bernoulli visible and hidden units.
     *
     * @param visible visible units
     * @param hidden hidden units
     * @return the spec
     */
    public static RbmSpec bernoulli(int visible, int hidden) {
        return new RbmSpec(visible, hidden, VisibleUnits.BERNOULLI, HiddenUnits.BERNOULLI, 0, false);
    }

    /**
     * Gaussian visible units (unit variance, or learned) and Bernoulli hidden units.
     *
     * @param visible visible units
     * @param hidden hidden units
     * @param learnedVariance whether each visible unit learns its variance
     * @return the spec
     */
    public static RbmSpec gaussian(int visible, int hidden, boolean learnedVariance) {
        return new RbmSpec(visible, hidden, VisibleUnits.GAUSSIAN, HiddenUnits.BERNOULLI, 0, learnedVariance);
    }

    /**
     * Softmax visible groups and Bernoulli hidden units.
     *
     * @param visible visible units, a multiple of the group size
     * @param hidden hidden units
     * @param groupSize units per one-hot group
     * @return the spec
     */
    public static RbmSpec softmax(int visible, int hidden, int groupSize) {
        return new RbmSpec(visible, hidden, VisibleUnits.SOFTMAX, HiddenUnits.BERNOULLI, groupSize, false);
    }

    /**
     * The same spec with other hidden units.
     *
     * @param units the hidden unit type
     * @return the new spec
     */
    public RbmSpec withHiddenUnits(HiddenUnits units) {
        return new RbmSpec(visible, hidden, visibleUnits, units, softmaxGroupSize, learnedVariance);
    }

    @Override
    public String toString() {
        return visible + " " + visibleUnits.name().toLowerCase(java.util.Locale.ROOT)
                + (softmaxGroupSize > 0 ? "(groups of " + softmaxGroupSize + ")" : "")
                + (learnedVariance ? "(learned variance)" : "") + " x " + hidden + " "
                + hiddenUnits.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
