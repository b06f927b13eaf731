/**
 * Machinery that dbn-training shares with dbn-spark: the networks backpropagation and up-down
 * train (with the replica data-parallel executors use), checked lookups of saved arrays, and the
 * naming of a divergence's likely cause. Not API: it may change in any release.
 */
package org.dbn4j.training.internal;
