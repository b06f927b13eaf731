package org.dbn4j.simd;

import org.dbn4j.tck.BackendContract;
import org.dbn4j.tensor.Backend;

/** cpu-simd on one thread passes the backend contract: the inline paths are checked too. */
class CpuSimdSingleThreadContractTest extends BackendContract {
    @Override
    protected Backend backend() {
        return TestedShape.backend(1);
    }
}
