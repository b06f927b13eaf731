package org.dbn4j.tck;

import org.dbn4j.tensor.Backend;

/** The oracle passes its own contract: checks the generators, tolerances and statistics. */
class ReferenceBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return new ReferenceBackend();
    }
}
