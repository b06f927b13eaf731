package org.dbn4j.simd;

import org.dbn4j.tck.BackendContract;
import org.dbn4j.tensor.Backend;

/** cpu-simd with the machine's thread count passes the backend contract. */
class CpuSimdBackendContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return TestedShape.backend(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }
}
