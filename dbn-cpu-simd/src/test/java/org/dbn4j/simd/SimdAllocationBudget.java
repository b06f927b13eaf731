package org.dbn4j.simd;

/** The allocation budget the contract applies to cpu-simd. */
final class SimdAllocationBudget {

    private SimdAllocationBudget() {
    }

    /**
     * No allocation for every operation, except the Box-Muller samplers on JDK 17-20: the second
     * incubator of the Vector API there sometimes fails to intrinsify the Box-Muller loop's stores
     * after other vector code was compiled first, and the loop then boxes its vectors. The samples
     * are the same; only garbage is made. JDK 21 and later compile it without allocation, and CI
     * checks that on JDK 25.
     */
    static long bytesPerCall(String operation) {
        boolean boxMuller = operation.startsWith("sampleGaussian") || operation.equals("sampleNoisyRelu");
        return boxMuller && Runtime.version().feature() < 21 ? 1 << 20 : 16;
    }
}
