package org.dbn4j.spark.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.apache.spark.api.java.JavaSparkContext;
import org.dbn4j.spark.SparkFineTuner;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.training.BackpropFineTuner;

/**
 * Binds the {@link FineTuner} to backprop fine-tuning on Spark with a softmax head and the bound
 * {@link Optimizer}: the Spark twin of the local {@code FineTuningModule}.
 */
public final class SparkFineTuningModule extends AbstractModule {

    private final int epochs;
    private final int batchSize;
    private final long seed;

    /**
     * Creates the module.
     *
     * @param epochs epochs of fine-tuning
     * @param batchSize the global minibatch size
     * @param seed the seed
     */
    public SparkFineTuningModule(int epochs, int batchSize, long seed) {
        this.epochs = epochs;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    @Provides
    FineTuner fineTuner(JavaSparkContext context, SparkSettings settings, Optimizer optimizer,
                        TrainingListener listener) {
        BackpropFineTuner local = BackpropFineTuner.builder().optimizer(optimizer).epochs(epochs).batchSize(batchSize)
                .seed(seed).build();
        return SparkFineTuner.builder().context(context).settings(local).partitions(settings.partitions())
                .mode(settings.mode(), settings.averageEvery()).executorBackend(settings.executorBackend())
                .listener(listener).build();
    }
}
