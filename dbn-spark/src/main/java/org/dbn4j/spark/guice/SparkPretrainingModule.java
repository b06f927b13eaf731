package org.dbn4j.spark.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.spark.SparkPretrainer;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.UpdateRule;
import org.dbn4j.training.PretrainingLayer;

/**
 * Binds the {@link Pretrainer} to greedy pretraining on Spark of Bernoulli RBMs with the bound
 * {@link GradientEstimator} and {@link UpdateRule}: the Spark twin of the local
 * {@code PretrainingModule}, with the same parameters.
 */
public final class SparkPretrainingModule extends AbstractModule {

    private final int[] hiddenSizes;
    private final int epochs;
    private final int batchSize;
    private final long seed;

    /**
     * Creates the module.
     *
     * @param hiddenSizes the hidden units of each RBM, bottom first
     * @param epochs epochs per layer
     * @param batchSize the global minibatch size
     * @param seed the seed
     */
    public SparkPretrainingModule(int[] hiddenSizes, int epochs, int batchSize, long seed) {
        this.hiddenSizes = hiddenSizes.clone();
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Provides
    Pretrainer pretrainer(JavaSparkContext context, SparkSettings settings, GradientEstimator estimator,
                          UpdateRule rule, TrainingListener listener) {
        SparkPretrainer.Builder b = SparkPretrainer.builder().context(context).partitions(settings.partitions())
                .mode(settings.mode(), settings.averageEvery()).executorBackend(settings.executorBackend())
                .seed(seed).listener(listener);
        for (int h : hiddenSizes) {
            b.layer(new PretrainingLayer(h, HiddenUnits.BERNOULLI, estimator, rule, epochs, batchSize));
        }
        return b.build();
    }
}
