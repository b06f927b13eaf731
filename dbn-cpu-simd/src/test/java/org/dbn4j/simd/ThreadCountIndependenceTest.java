package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dbn4j.tensor.Activation;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.junit.jupiter.api.Test;

/**
 * Every operation gives bit-identical results on 1, 2 and 3 threads: work is split so that no
 * element's arithmetic depends on the split, and random numbers depend only on their position.
 */
class ThreadCountIndependenceTest {

    /** Values uniform in [0, 1). */
    private static float[] uniform(SplittableRandom r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) r.nextDouble();
        }
        return out;
    }

    /** Values normal with standard deviation 0.1, as weights. */
    private static float[] gaussian(SplittableRandom r, int n) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (0.1 * r.nextGaussian());
        }
        return out;
    }

    private static float[] run(int threads) {
        try (Backend b = TestedShape.backend(threads)) {
            int batch = 203;
            int visible = 331;
            int hidden = 157;
            SplittableRandom r = new SplittableRandom(5);
            float[] data = uniform(r, batch * visible);
            float[] weights = gaussian(r, hidden * visible);
            Matrix v = b.matrix(batch, visible, data);
            Matrix w = b.matrix(hidden, visible, weights);
            Matrix hb = b.matrix(1, hidden);
            Matrix vb = b.matrix(1, visible);
            Matrix h = b.matrix(batch, hidden);
            Matrix hs = b.matrix(batch, hidden);
            Matrix v1 = b.matrix(batch, visible);
            Matrix grad = b.matrix(hidden, visible);
            Matrix noise = b.matrix(batch, visible);
            RandomStream random = b.randomStream(42);
            b.affine(v, w, true, hb, Activation.SIGMOID, h);
            b.sampleBernoulli(random, h, hs);
            b.affine(hs, w, false, vb, Activation.SOFTPLUS, v1);
            b.gemm(true, false, 1f, h, v, 0f, grad);
            b.gemm(true, false, -1f, hs, v1, 1f, grad);
            b.sampleGaussian(random, v1, 0.5f, noise);
            b.sampleNoisyRelu(random, noise, noise);
            b.columnSums(1f, grad, 0.5f, vb);
            // A minibatch times deep weights: computed as two halves of the depth.
            int rows = 37;
            int deep = 301;
            Matrix h2 = b.matrix(rows, deep, uniform(r, rows * deep));
            Matrix w2 = b.matrix(deep, visible, gaussian(r, deep * visible));
            Matrix down = b.matrix(rows, visible);
            Matrix delta = b.matrix(rows, visible, Arrays.copyOf(data, rows * visible));
            b.affine(h2, w2, false, vb, Activation.SIGMOID, down);
            b.gemm(false, false, 0.5f, h2, w2, 0.25f, delta);
            float[] out = new float[hidden * visible + batch * visible + visible + 2 * rows * visible];
            System.arraycopy(grad.toArray(), 0, out, 0, hidden * visible);
            System.arraycopy(noise.toArray(), 0, out, hidden * visible, batch * visible);
            System.arraycopy(vb.toArray(), 0, out, hidden * visible + batch * visible, visible);
            System.arraycopy(down.toArray(), 0, out, hidden * visible + batch * visible + visible, rows * visible);
            System.arraycopy(delta.toArray(), 0, out, hidden * visible + batch * visible + visible + rows * visible,
                    rows * visible);
            return out;
        }
    }

    /**
     * Every element-wise, row-wise and sampling operation on the shapes of a training step
     * (minibatches of 100 against 500, 784 and 2000 units, whose rows are not whole vectors),
     * each result named so that a failure says which operation depends on the split.
     */
    private static Map<String, float[]> elementWise(int threads) {
        Map<String, float[]> results = new LinkedHashMap<>();
        try (Backend b = TestedShape.backend(threads)) {
            for (int cols : new int[] {500, 784, 2000, 10}) {
                int rows = 100;
                SplittableRandom r = new SplittableRandom(cols);
                Matrix x = b.matrix(rows, cols, gaussian(r, rows * cols));
                Matrix y = b.matrix(rows, cols, uniform(r, rows * cols));
                Matrix row = b.matrix(1, cols, gaussian(r, cols));
                Matrix out = b.matrix(rows, cols);
                Matrix sums = b.matrix(1, cols, gaussian(r, cols));
                Matrix perRow = b.matrix(rows, 1);
                RandomStream random = b.randomStream(3);
                for (Activation a : Activation.values()) {
                    b.activate(a, x, out);
                    results.put(cols + " activate " + a, out.toArray());
                    b.activationGradient(a, y, x, out);
                    results.put(cols + " activationGradient " + a, out.toArray());
                }
                b.sampleBernoulli(random, y, out);
                results.put(cols + " sampleBernoulli", out.toArray());
                b.sampleGaussian(random, x, 0.3f, out);
                results.put(cols + " sampleGaussian", out.toArray());
                b.sampleGaussian(random, x, b.matrix(1, cols, uniform(r, cols)), out);
                results.put(cols + " sampleGaussian by column", out.toArray());
                b.sampleNoisyRelu(random, x, out);
                results.put(cols + " sampleNoisyRelu", out.toArray());
                b.copy(x, out);
                b.axpby(0.3f, y, 0.9f, out);
                results.put(cols + " axpby", out.toArray());
                b.add(x, y, out);
                results.put(cols + " add", out.toArray());
                b.subtract(x, y, out);
                results.put(cols + " subtract", out.toArray());
                b.multiplyElementwise(x, y, out);
                results.put(cols + " multiply", out.toArray());
                b.addRowVector(x, row, out);
                results.put(cols + " addRowVector", out.toArray());
                b.multiplyRowVector(x, row, out);
                results.put(cols + " multiplyRowVector", out.toArray());
                b.columnSums(0.5f, x, 0.25f, sums);
                results.put(cols + " columnSums", sums.toArray());
                b.rowSums(x, perRow);
                results.put(cols + " rowSums", perRow.toArray());
                b.logSumExpRows(x, perRow);
                results.put(cols + " logSumExpRows", perRow.toArray());
                int[] order = new int[rows];
                for (int i = 0; i < rows; i++) {
                    order[i] = (i * 37) % rows;
                }
                b.gatherRows(x, order, 0, out);
                results.put(cols + " gatherRows", out.toArray());
                Matrix m = b.matrix(rows, cols);
                Matrix v = b.matrix(rows, cols);
                Matrix p = b.copyOf(y);
                for (int step = 1; step <= 3; step++) {
                    b.adamUpdate(1e-3f, 0.9f, 0.999f, 1e-8f, step, x, m, v, p);
                }
                results.put(cols + " adamUpdate", p.toArray());
            }
        }
        return results;
    }

    @Test
    void everyElementWiseOperationGivesTheSameResultOnOneTwoAndThreeThreads() {
        Map<String, float[]> one = elementWise(1);
        List<String> differing = new ArrayList<>();
        for (int threads : new int[] {2, 3}) {
            Map<String, float[]> other = elementWise(threads);
            for (var e : one.entrySet()) {
                if (!Arrays.equals(e.getValue(), other.get(e.getKey()))) {
                    differing.add(e.getKey() + " on " + threads + " threads");
                }
            }
        }
        assertEquals(List.of(), differing, "operations whose result depends on the thread count");
    }

    @Test
    void oneTwoAndThreeThreadsGiveIdenticalResults() {
        float[] one = run(1);
        assertArrayEquals(one, run(2));
        assertArrayEquals(one, run(3));
    }
}
