package org.dbn4j.simd;

import org.dbn4j.tck.ModelContract;
import org.dbn4j.tensor.Backend;

/** The model contract on cpu-simd. */
class CpuSimdModelContractTest extends ModelContract {
    @Override
    protected Backend backend() {
        return TestedShape.backend(CpuSimdBackend.defaultThreads());
    }
}
