/**
 * Dense float32 matrices and the {@link org.dbn4j.tensor.Backend} operation set that RBMs and
 * DBNs are computed with.
 *
 * <p>Every {@link org.dbn4j.tensor.Matrix} belongs to the backend that created it and is only
 * passed back to that backend. Operations take their outputs as explicit arguments, so a
 * training loop that allocates its buffers once allocates nothing per minibatch.
 */
package org.dbn4j.tensor;
