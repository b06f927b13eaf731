package org.dbn4j.tck;

import org.dbn4j.tensor.Backend;

/** The model contract on the reference backend. */
class ReferenceModelContractTest extends ModelContract {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }
}
