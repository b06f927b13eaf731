package org.dbn4j.spark.guice;

import org.dbn4j.spark.SparkMode;

/**
 * How training is spread over Spark, as the Spark modules bind it.
 *
 * @param partitions partitions of a local data set (0: the context's default parallelism)
 * @param mode how partitions are combined
 * @param averageEvery local minibatches per round in parameter averaging
 * @param executorBackend the executors' backend by name, or null for their own choice
 */
public record SparkSettings(int partitions, SparkMode mode, int averageEvery, String executorBackend) {
}
