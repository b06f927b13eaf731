package org.dbn4j.tck;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.junit.jupiter.api.Test;

/** The oracle checked against answers worked out by hand, independently of any backend. */
class ReferenceBackendHandComputedTest {

    private static final float EPS = 1e-6f;
    private final Backend ref = new ReferenceBackend();

    private Matrix m(int rows, int cols, float... data) {
        return ref.matrix(rows, cols, data);
    }

    @Test
    void gemmComputesTheTextbookProductInEveryTransposeForm() {
        float[] expected = {58, 64, 139, 154};
        Matrix a = m(2, 3, 1, 2, 3, 4, 5, 6);
        Matrix aT = m(3, 2, 1, 4, 2, 5, 3, 6);
        Matrix b = m(3, 2, 7, 8, 9, 10, 11, 12);
        Matrix bT = m(2, 3, 7, 9, 11, 8, 10, 12);
        Matrix c = ref.matrix(2, 2);
        ref.gemm(false, false, 1f, a, b, 0f, c);
        assertArrayEquals(expected, c.toArray(), EPS);
        ref.gemm(true, false, 1f, aT, b, 0f, c);
        assertArrayEquals(expected, c.toArray(), EPS);
        ref.gemm(false, true, 1f, a, bT, 0f, c);
        assertArrayEquals(expected, c.toArray(), EPS);
        ref.gemm(true, true, 1f, aT, bT, 0f, c);
        assertArrayEquals(expected, c.toArray(), EPS);
        ref.fill(1f, c);
        ref.gemm(false, false, 2f, a, b, 0.5f, c);
        assertArrayEquals(new float[] {116.5f, 128.5f, 278.5f, 308.5f}, c.toArray(), EPS);
        ref.fill(Float.NaN, c);
        ref.gemm(false, false, 1f, a, b, 0f, c);
        assertArrayEquals(expected, c.toArray(), EPS, "beta = 0 ignores a NaN-filled c");
    }

    @Test
    void gemmWithAnEmptyInnerDimensionScalesC() {
        Matrix a = ref.matrix(2, 0);
        Matrix b = ref.matrix(0, 3);
        Matrix c = m(2, 3, 1, 2, 3, 4, 5, 6);
        ref.gemm(false, false, 1f, a, b, 0.5f, c);
        assertArrayEquals(new float[] {0.5f, 1, 1.5f, 2, 2.5f, 3}, c.toArray(), EPS);
    }

    @Test
    void affineIsTheUpAndDownPassOfAnRbm() {
        Matrix w = m(3, 2, 1, 0, 0, 1, 1, 1); // hidden x visible
        Matrix v = m(1, 2, 1, 2);
        Matrix hb = m(1, 3, 0, 0, -3);
        Matrix h = ref.matrix(1, 3);
        ref.affine(v, w, true, hb, Activation.IDENTITY, h);
        assertArrayEquals(new float[] {1, 2, 0}, h.toArray(), EPS);
        ref.affine(v, w, true, hb, Activation.SIGMOID, h);
        assertArrayEquals(new float[] {(float) (1 / (1 + Math.exp(-1))), (float) (1 / (1 + Math.exp(-2))), 0.5f},
                h.toArray(), EPS);
        Matrix vb = m(1, 2, 0.5f, -0.5f);
        Matrix down = ref.matrix(1, 2);
        ref.affine(m(1, 3, 1, 0, 1), w, false, vb, Activation.IDENTITY, down);
        assertArrayEquals(new float[] {2.5f, 0.5f}, down.toArray(), EPS);
    }

    @Test
    void activationsHaveTheirTextbookValues() {
        Matrix x = m(1, 4, 0f, -1f, 2f, -1000f);
        Matrix y = ref.matrix(1, 4);
        ref.activate(Activation.SIGMOID, x, y);
        assertArrayEquals(new float[] {0.5f, (float) (1 / (1 + Math.E)), (float) (1 / (1 + Math.exp(-2))), 0f},
                y.toArray(), EPS);
        ref.activate(Activation.SOFTPLUS, x, y);
        assertArrayEquals(new float[] {(float) Math.log(2), (float) Math.log1p(Math.exp(-1)),
            (float) Math.log1p(Math.exp(2)), 0f}, y.toArray(), EPS);
        ref.activate(Activation.RELU, x, y);
        assertArrayEquals(new float[] {0f, 0f, 2f, 0f}, y.toArray(), EPS);
        Matrix logits = m(2, 2, 0f, (float) Math.log(3), 1000f, 1000f);
        Matrix p = ref.matrix(2, 2);
        ref.activate(Activation.SOFTMAX, logits, p);
        assertArrayEquals(new float[] {0.25f, 0.75f, 0.5f, 0.5f}, p.toArray(), EPS);
        Matrix lse = ref.matrix(2, 1);
        ref.logSumExpRows(logits, lse);
        assertArrayEquals(new float[] {(float) Math.log(4), 1000f + (float) Math.log(2)}, lse.toArray(), 1e-4f);
        Matrix empty = ref.matrix(1, 0);
        Matrix lseEmpty = ref.matrix(1, 1);
        ref.logSumExpRows(empty, lseEmpty);
        assertEquals(Float.NEGATIVE_INFINITY, lseEmpty.get(0, 0));
    }

    @Test
    void activationGradientsAreTheDerivativesTimesTheIncomingGradient() {
        Matrix y = m(1, 2, 0.5f, 0.25f);
        Matrix g = m(1, 2, 2f, 4f);
        Matrix out = ref.matrix(1, 2);
        ref.activationGradient(Activation.SIGMOID, y, g, out);
        assertArrayEquals(new float[] {0.5f, 0.75f}, out.toArray(), EPS);
        ref.activationGradient(Activation.SOFTPLUS, m(1, 2, (float) Math.log(2), 0f), g, out);
        assertArrayEquals(new float[] {1f, 0f}, out.toArray(), EPS);
        ref.activationGradient(Activation.RELU, m(1, 2, 0f, 3f), g, out);
        assertArrayEquals(new float[] {0f, 4f}, out.toArray(), EPS);
        ref.activationGradient(Activation.SOFTMAX, m(1, 2, 0.25f, 0.75f), m(1, 2, 1f, 0f), out);
        assertArrayEquals(new float[] {0.1875f, -0.1875f}, out.toArray(), EPS);
    }

    @Test
    void reductionsAndArithmeticHaveTheirTextbookValues() {
        Matrix x = m(2, 2, 1, 2, 3, 4);
        Matrix cols = m(1, 2, 10, 20);
        ref.columnSums(1f, x, 0.5f, cols);
        assertArrayEquals(new float[] {9, 16}, cols.toArray(), EPS);
        Matrix rows = ref.matrix(2, 1);
        ref.rowSums(x, rows);
        assertArrayEquals(new float[] {3, 7}, rows.toArray(), EPS);
        assertEquals(10.0, ref.sum(x), 1e-12);
        assertEquals(30.0, ref.sumOfSquares(x), 1e-12);
        assertArrayEquals(new int[] {1, 0}, ref.argmaxRows(m(2, 3, 1, 3, 3, 2, 1, 0)));
        assertArrayEquals(new int[] {1}, ref.argmaxRows(m(1, 3, Float.NaN, 2, 1)));
        Matrix out = m(1, 2, 10, 20);
        ref.axpby(2f, m(1, 2, 1, 2), 3f, out);
        assertArrayEquals(new float[] {32, 64}, out.toArray(), EPS);
        ref.addRowVector(x, m(1, 2, 1, -1), x);
        assertArrayEquals(new float[] {2, 1, 4, 3}, x.toArray(), EPS);
        ref.multiplyRowVector(x, m(1, 2, 2, 0), x);
        assertArrayEquals(new float[] {4, 0, 8, 0}, x.toArray(), EPS);
        Matrix gathered = ref.matrix(3, 2);
        ref.gatherRows(m(2, 2, 1, 2, 3, 4), new int[] {9, 1, 0, 1}, 1, gathered);
        assertArrayEquals(new float[] {3, 4, 1, 2, 3, 4}, gathered.toArray(), EPS);
    }

    @Test
    void samplersHonourCertainOutcomes() {
        var random = ref.randomStream(5);
        Matrix out = ref.matrix(1, 4);
        ref.sampleBernoulli(random, m(1, 4, 0, 1, -2, 3), out);
        assertArrayEquals(new float[] {0, 1, 0, 1}, out.toArray());
        ref.sampleNoisyRelu(random, m(1, 4, -1000, -1000, -1000, -1000), out);
        assertArrayEquals(new float[] {0, 0, 0, 0}, out.toArray());
    }
}
