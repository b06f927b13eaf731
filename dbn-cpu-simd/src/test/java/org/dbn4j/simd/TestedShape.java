package org.dbn4j.simd;

import org.junit.jupiter.api.Assumptions;

/**
 * Backends for the tests, on the kernel shape the build asked for. The build runs the contract
 * again with narrower vectors ({@value KernelShape#VECTOR_BITS_PROPERTY}); on a CPU without that
 * width, such a run is skipped with the reason, never on a run that asked for nothing.
 */
final class TestedShape {

    private TestedShape() {
    }

    /** A backend with {@code threads} threads, or a skipped test when the asked width is not on this CPU. */
    static CpuSimdBackend backend(int threads) {
        String bits = System.getProperty(KernelShape.VECTOR_BITS_PROPERTY);
        Assumptions.assumeTrue(bits == null || Integer.parseInt(bits.trim()) <= KernelShape.MACHINE_BITS,
                () -> bits + "-bit vectors were asked for, and this CPU has " + KernelShape.MACHINE_BITS);
        return new CpuSimdBackend(threads);
    }
}
