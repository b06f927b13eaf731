package org.dbn4j.tck;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.ArrayMatrix;
import org.dbn4j.tensor.Backend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract fails, with a message that names the operation, the shapes and the worst element,
 * when a kernel has the kinds of bugs fast kernels tend to have.
 */
class ContractCatchesBrokenBackendsTest {

    /** Gets the last element of every edge tile wrong, as a micro-kernel with a bad tail would. */
    static final class BadTailGemm extends ReferenceBackend {
        @Override
        protected void gemmKernel(boolean transposeA, boolean transposeB, int m, int n, int k, float alpha,
                                  ArrayMatrix a, ArrayMatrix b, float beta, ArrayMatrix c) {
            super.gemmKernel(transposeA, transposeB, m, n, k, alpha, a, b, beta, c);
            if (n % 8 != 0 && n > 8) {
                c.data()[m * n - 1] += 0.01f;
            }
        }
    }

    /** Draws one random number per row and reuses it along the row. */
    static final class OneNumberPerRowSampler extends ReferenceBackend {
        @Override
        protected void sampleBernoulliKernel(Stream random, ArrayMatrix p, ArrayMatrix out) {
            try (ArrayMatrix column = new ArrayMatrix(this, p.rows(), 1)) {
                float[] half = new float[p.rows()];
                java.util.Arrays.fill(half, 0.5f);
                column.copyFrom(half);
                super.sampleBernoulliKernel(random, column, column);
                float[] u = column.data();
                for (int e = 0; e < p.data().length; e++) {
                    out.data()[e] = u[e / p.cols()] > 0.5f && p.data()[e] > 0f ? 1f : p.data()[e] >= 1f ? 1f : 0f;
                }
            }
        }
    }

    /** Computes the sigmoid with a naive float exp that overflows to NaN for large negative input. */
    static final class NaiveSigmoid extends ReferenceBackend {
        @Override
        protected void activateKernel(Activation activation, ArrayMatrix x, ArrayMatrix out) {
            if (activation != Activation.SIGMOID) {
                super.activateKernel(activation, x, out);
                return;
            }
            float[] in = x.data();
            float[] o = out.data();
            for (int e = 0; e < in.length; e++) {
                float t = (float) Math.exp(-in[e]);
                o[e] = t / (t + t * t); // 1/(1+t) rewritten; inf / inf = NaN when t overflows
            }
        }
    }

    static class ContractOn extends BackendContract {
        private final Backend backend;

        ContractOn(Backend backend) {
            this.backend = backend;
        }

        @Override
        protected Backend backend() {
            return backend;
        }

        ContractOn opened() {
            openBackend();
            return this;
        }
    }

    private static AssertionError failure(Executable property) {
        return assertThrows(AssertionError.class, property);
    }

    private static void assertMentions(Throwable e, String... parts) {
        String message = String.valueOf(e.getMessage());
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "the failure should mention '" + part + "' but said:\n" + message);
        }
    }

    @Test
    void aGemmWithABadEdgeTileFailsNamingTheShapesAndTheWorstElement() {
        ContractOn contract = new ContractOn(new BadTailGemm()).opened();
        AssertionError e = failure(contract::gemmMatchesReferenceForAllTransposesAndScalars);
        assertMentions(e, "gemm(transposeA=", "beta=", "a ", "b ", "c ", "worst element [", "expected", "got",
                "exceeds tolerance");
    }

    @Test
    void aSamplerThatReusesOneNumberPerRowFailsTheIndependenceCheck() {
        ContractOn contract = new ContractOn(new OneNumberPerRowSampler()).opened();
        AssertionError e = failure(contract::bernoulliSamplesAreIndependentAcrossRowsAndColumns);
        assertMentions(e, "sampleBernoulli", "along rows");
    }

    @Test
    void aSigmoidThatOverflowsToNanFailsTheExtremeInputCheck() {
        ContractOn contract = new ContractOn(new NaiveSigmoid()).opened();
        AssertionError e = failure(contract::activateMatchesReferenceIncludingExtremeInputs);
        assertMentions(e, "SIGMOID", "NaN at [");
    }
}
