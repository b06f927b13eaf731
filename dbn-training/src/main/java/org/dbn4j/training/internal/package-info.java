/**
 * Machinery that dbn-training shares with dbn-spark: checkpoint sections and the naming of a
 * divergence's likely cause. Not API: it may change in any release.
 */
package org.dbn4j.training.internal;
