/**
 * Data sets that ship inside dbn4j, so that examples and tests run without downloading anything.
 */
package org.dbn4j.datasets;
