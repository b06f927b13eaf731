/**
 * Data-parallel DBN training on Apache Spark: {@link org.dbn4j.spark.SparkPretrainer} and
 * {@link org.dbn4j.spark.SparkFineTuner} run the pretraining and fine-tuning of
 * {@code org.dbn4j.training} over the partitions of a {@link org.dbn4j.spark.SparkData}, combining
 * them by synchronous gradient averaging or by parameter averaging ({@link org.dbn4j.spark.SparkMode}).
 * The result is an ordinary {@code Dbn}.
 */
package org.dbn4j.spark;
