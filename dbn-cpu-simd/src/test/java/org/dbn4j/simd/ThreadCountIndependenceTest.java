package org.dbn4j.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

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
            Matrix delta = b.matrix(rows, visible, java.util.Arrays.copyOf(data, rows * visible));
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

    @Test
    void oneTwoAndThreeThreadsGiveIdenticalResults() {
        float[] one = run(1);
        assertArrayEquals(one, run(2));
        assertArrayEquals(one, run(3));
    }
}
