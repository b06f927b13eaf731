package org.dbn4j.spark.guice;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import org.apache.spark.api.java.JavaSparkContext;

/** Binds the Spark context and the {@link SparkSettings} that the Spark training modules use. */
public final class SparkModule extends AbstractModule {

    private final JavaSparkContext context;
    private final SparkSettings settings;

    /**
     * Creates the module.
     *
     * @param context the running Spark context (its owner stops it)
     * @param settings partitions, mode and executor backend
     */
    public SparkModule(JavaSparkContext context, SparkSettings settings) {
        this.context = context;
        this.settings = settings;
    }

    @Provides
    JavaSparkContext context() {
        return context;
    }

    @Provides
    SparkSettings settings() {
        return settings;
    }
}
