package org.dbn4j.training;

import java.util.Objects;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.UpdateRule;

/**
 * How to pretrain one RBM of a stack: its hidden units, estimator, update rule (learning rate,
 * momentum, decay), epochs and minibatch size. An immutable value with withers.
 *
 * @param hidden the number of hidden units
 * @param hiddenUnits their type
 * @param estimator the gradient estimator
 * @param updateRule the update rule
 * @param epochs epochs of training
 * @param batchSize the minibatch size
 */
public record PretrainingLayer(int hidden, HiddenUnits hiddenUnits, GradientEstimator estimator, UpdateRule updateRule,
                               int epochs, int batchSize) {

    /**
     * Validates the settings.
     *
     * @param hidden hidden units, at least 1
     * @param hiddenUnits their type
     * @param estimator the estimator
     * @param updateRule the update rule
     * @param epochs at least 1
     * @param batchSize at least 1
     */
    public PretrainingLayer {
        if (hidden < 1 || epochs < 1 || batchSize < 1) {
            throw new IllegalArgumentException("a layer needs at least one hidden unit, epoch and example per"
                    + " minibatch, got " + hidden + ", " + epochs + ", " + batchSize);
        }
        Objects.requireNonNull(hiddenUnits, "hiddenUnits");
        Objects.requireNonNull(estimator, "estimator");
        Objects.requireNonNull(updateRule, "updateRule");
    }

    /**
     * Bernoulli hidden units trained with CD-1 and plain SGD at rate 0.1 for 10 epochs of
     * minibatches of 100 (the settings of the reference PyTorch DBN).
     *
     * @param hidden the number of hidden units
     * @return the layer
     */
    public static PretrainingLayer of(int hidden) {
        return new PretrainingLayer(hidden, HiddenUnits.BERNOULLI, new ContrastiveDivergence(1), SgdUpdate.plain(0.1),
                10, 100);
    }

    /**
     * The same with another estimator.
     *
     * @param e the estimator
     * @return the new layer
     */
    public PretrainingLayer withEstimator(GradientEstimator e) {
        return new PretrainingLayer(hidden, hiddenUnits, e, updateRule, epochs, batchSize);
    }

    /**
     * The same with another update rule.
     *
     * @param rule the rule
     * @return the new layer
     */
    public PretrainingLayer withUpdateRule(UpdateRule rule) {
        return new PretrainingLayer(hidden, hiddenUnits, estimator, rule, epochs, batchSize);
    }

    /**
     * The same with another number of epochs.
     *
     * @param n epochs
     * @return the new layer
     */
    public PretrainingLayer withEpochs(int n) {
        return new PretrainingLayer(hidden, hiddenUnits, estimator, updateRule, n, batchSize);
    }

    /**
     * The same with another minibatch size.
     *
     * @param n the size
     * @return the new layer
     */
    public PretrainingLayer withBatchSize(int n) {
        return new PretrainingLayer(hidden, hiddenUnits, estimator, updateRule, epochs, n);
    }

    /**
     * The same with another hidden unit type.
     *
     * @param units the type
     * @return the new layer
     */
    public PretrainingLayer withHiddenUnits(HiddenUnits units) {
        return new PretrainingLayer(hidden, units, estimator, updateRule, epochs, batchSize);
    }

    /**
     * The settings as model provenance records them, for example
     * {@code "500 bernoulli, CD-1, SGD 0.1, 10 epochs, batch 100"}.
     *
     * @return a one-line description
     */
    public String describe() {
        return hidden + " " + hiddenUnits.name().toLowerCase(java.util.Locale.ROOT) + ", " + estimator + ", "
                + updateRule + ", " + epochs + " epochs, batch " + batchSize;
    }

    /**
     * The settings of a stack, bottom first, separated by semicolons.
     *
     * @param layers the layers
     * @return a one-line description
     */
    public static String describe(java.util.List<PretrainingLayer> layers) {
        return layers.stream().map(PretrainingLayer::describe).collect(java.util.stream.Collectors.joining("; "));
    }
}
