/**
 * Guice modules that move training onto Spark: install {@link org.dbn4j.spark.guice.SparkModule}
 * with {@link org.dbn4j.spark.guice.SparkPretrainingModule} and
 * {@link org.dbn4j.spark.guice.SparkFineTuningModule} in place of the local pretraining and
 * fine-tuning modules (or over them with {@code Modules.override}); the estimator, update rule,
 * optimiser and listener modules of {@code org.dbn4j.training.guice} stay as they are.
 */
package org.dbn4j.spark.guice;
