/**
 * Model files: {@link org.dbn4j.io.ModelFile} saves and loads RBMs, DBNs and checkpoints in the
 * safetensors layout with the reference PyTorch model's tensor names, on top of
 * {@link org.dbn4j.io.SafeTensors}, a validating reader and atomic writer of that layout.
 */
package org.dbn4j.io;
