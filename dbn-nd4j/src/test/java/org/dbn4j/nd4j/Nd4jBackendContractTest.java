package org.dbn4j.nd4j;

import org.dbn4j.tck.BackendContract;
import org.dbn4j.tensor.Backend;

/** nd4j passes the backend contract unchanged. */
class Nd4jBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return new Nd4jBackend();
    }

    /**
     * ND4J builds Java descriptors for every native call (op objects, shape information, buffer
     * wrappers): a few kilobytes of short-lived garbage per operation, while the native memory
     * of the outputs and scratch arrays is reused. The budget bounds that garbage; Adam is
     * composed of thirteen ND4J operations and gets four times as much.
     */
    @Override
    protected long allocationBudgetBytesPerCall(String operation) {
        return "adamUpdate".equals(operation) ? 128 * 1024 : 32 * 1024;
    }
}
