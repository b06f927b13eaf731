package org.dbn4j.training.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.PretrainingLayer;

/**
 * Binds the {@link Pretrainer} to greedy layer-wise pretraining of Bernoulli RBMs with the bound
 * {@link GradientEstimator} and {@link UpdateRule} for every layer.
 */
public final class PretrainingModule extends AbstractModule {

    private final int[] hiddenSizes;
    private final int epochs;
    private final int batchSize;
    private final long seed;

    /**
     * Creates the module.
     *
     * @param hiddenSizes the hidden units of each RBM, bottom first
     * @param epochs epochs per layer
     * @param batchSize the minibatch size
     * @param seed the seed
     */
    public PretrainingModule(int[] hiddenSizes, int epochs, int batchSize, long seed) {
        this.hiddenSizes = hiddenSizes.clone();
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Provides
    Pretrainer pretrainer(GradientEstimator estimator, UpdateRule rule, TrainingListener listener) {
        GreedyPretrainer.Builder b = GreedyPretrainer.builder().seed(seed).listener(listener);
        for (int h : hiddenSizes) {
            b.layer(new PretrainingLayer(h, HiddenUnits.BERNOULLI, estimator, rule, epochs, batchSize));
        }
        return b.build();
    }
}
