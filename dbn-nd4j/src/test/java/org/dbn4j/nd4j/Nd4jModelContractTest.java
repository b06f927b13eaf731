package org.dbn4j.nd4j;

import org.dbn4j.tck.ModelContract;
import org.dbn4j.tensor.Backend;

/** The model contract on nd4j. */
class Nd4jModelContractTest extends ModelContract {
    @Override
    protected Backend backend() {
        return new Nd4jBackend();
    }
}
