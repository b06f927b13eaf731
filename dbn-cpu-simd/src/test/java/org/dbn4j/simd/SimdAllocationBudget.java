package org.dbn4j.simd;

/** The allocation budget the contract applies to cpu-simd. */
final class SimdAllocationBudget {

    private SimdAllocationBudget() {
    }

    /**
     * No allocation on JDK 21 and later, where C2 compiles every kernel into vector
     * instructions. On JDK 17-20 the Vector API's second incubator sometimes leaves a vector
     * loop boxed, depending on what was compiled before it (seen for the Box-Muller loop and for
     * softmax, never in isolation); the results are the same, only garbage is made. There the
     * budget is a coarse bound that catches allocation proportional to the data. CI checks the
     * strict budget on JDK 25.
     */
    static long bytesPerCall(String operation) {
        return Runtime.version().feature() >= 21 ? 16 : 64 * 1024;
    }
}
