package org.dbn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;
import org.dbn4j.tensor.Activation;

/**
 * The vector loops behind the element-wise and row-wise operations. Each works on a range,
 * allocates nothing, and keeps its vectors inside its own body (see {@link VectorMath}).
 */
final class Kernels {

    private static final VectorSpecies<Float> S = Gemm.S;
    private static final int V = Gemm.V;

    /** Elements summed in float vectors before the partial sum moves to a double. */
    private static final int SUM_BLOCK = 16 * 64;
    /** Rows summed in float before a column total absorbs them. */
    private static final int ROW_BLOCK = 64;

    /** Shuffles that move the lanes {@code half} places down, folding upper halves onto lower ones. */
    private static final VectorShuffle<Float> FOLD_8 = fold(8);
    private static final VectorShuffle<Float> FOLD_4 = fold(4);
    private static final VectorShuffle<Float> FOLD_2 = fold(2);
    private static final VectorShuffle<Float> FOLD_1 = fold(1);

    private Kernels() {
    }

    private static VectorShuffle<Float> fold(int half) {
        return VectorShuffle.fromOp(S, i -> (i + half) % V);
    }

    // ------------------------------------------------------------------ activations

    /** {@code out[i] = act(x[i])} for {@code i} in {@code [from, to)}; {@code out} may be {@code x}. */
    static void activate(Activation act, float[] x, float[] out, int from, int to, float[] work) {
        ElementActivation.of(act).activate(x, out, from, to, work);
    }

    /**
     * The loops of each element-wise activation and of its gradient. Each constant's body is its
     * own class, so a call site that has seen several activations does not inline them: without
     * that, the caller's compilation held every activation's vector loops, passed C2's node-count
     * cutoff (NodeCountInliningCutoff) in some builds, and ran the operations past the cutoff as
     * calls that box their vectors (10 KB of garbage per row softmax call on JDK 17 and 25).
     */
    private enum ElementActivation {
        SIGMOID {
            @Override
            void activate(float[] x, float[] out, int from, int to, float[] work) {
                VectorMath.sigmoid(x, from, out, from, to - from);
            }

            @Override
            void gradient(float[] y, float[] g, float[] out, int from, int to, float[] work) {
                sigmoidGradient(y, g, out, from, to);
            }
        },
        RELU {
            @Override
            void activate(float[] x, float[] out, int from, int to, float[] work) {
                relu(x, out, from, to);
            }

            @Override
            void gradient(float[] y, float[] g, float[] out, int from, int to, float[] work) {
                reluGradient(y, g, out, from, to);
            }
        },
        SOFTPLUS {
            @Override
            void activate(float[] x, float[] out, int from, int to, float[] work) {
                for (int b = from; b < to; b += work.length) {
                    VectorMath.softplus(x, b, out, b, Math.min(work.length, to - b), work);
                }
            }

            @Override
            void gradient(float[] y, float[] g, float[] out, int from, int to, float[] work) {
                // sigmoid(x) = 1 - exp(-softplus(x))
                for (int b = from; b < to; b += work.length) {
                    int n = Math.min(work.length, to - b);
                    VectorMath.exp(y, b, -1f, 0f, work, 0, n);
                    oneMinusTimes(work, g, out, b, n);
                }
            }
        },
        IDENTITY {
            @Override
            void activate(float[] x, float[] out, int from, int to, float[] work) {
                if (x != out) {
                    System.arraycopy(x, from, out, from, to - from);
                }
            }

            @Override
            void gradient(float[] y, float[] g, float[] out, int from, int to, float[] work) {
                if (g != out) {
                    System.arraycopy(g, from, out, from, to - from);
                }
            }
        };

        /** {@code out = act(x)} over {@code [from, to)}. */
        abstract void activate(float[] x, float[] out, int from, int to, float[] work);

        /** {@code out = g * act'(x)} from the activation's output {@code y}, over {@code [from, to)}. */
        abstract void gradient(float[] y, float[] g, float[] out, int from, int to, float[] work);

        static ElementActivation of(Activation act) {
            switch (act) {
                case SIGMOID:
                    return SIGMOID;
                case RELU:
                    return RELU;
                case SOFTPLUS:
                    return SOFTPLUS;
                case IDENTITY:
                    return IDENTITY;
                default:
                    throw new IllegalArgumentException("not element-wise: " + act);
            }
        }
    }

    /** {@code c[o + h] += partial[o + h] (+ bias[h])} for one row of {@code n} values. */
    static void addRow(float[] c, float[] partial, float[] bias, int o, int n) {
        int h = 0;
        for (int bound = n - V; h <= bound; h += V) {
            FloatVector acc = FloatVector.fromArray(S, c, o + h).add(FloatVector.fromArray(S, partial, o + h));
            if (bias != null) {
                acc = acc.add(FloatVector.fromArray(S, bias, h));
            }
            acc.intoArray(c, o + h);
        }
        for (; h < n; h++) {
            float v = c[o + h] + partial[o + h];
            c[o + h] = bias == null ? v : v + bias[h];
        }
    }

    private static void relu(float[] x, float[] out, int from, int to) {
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector.fromArray(S, x, i).max(0f).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = Math.max(x[i], 0f);
        }
    }

    /** Softmax of rows {@code [from, to)}; {@code out} may be {@code x}. */
    static void softmaxRows(float[] x, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int start = r * cols;
            int end = start + cols;
            float max = max(x, start, end);
            if (max == Float.POSITIVE_INFINITY || max == Float.NEGATIVE_INFINITY || Float.isNaN(max)) {
                // All -inf, or some +inf: the limit spreads the mass over the largest entries.
                int count = 0;
                for (int i = start; i < end; i++) {
                    count += x[i] == max ? 1 : 0;
                }
                for (int i = start; i < end; i++) {
                    out[i] = count == 0 ? Float.NaN : x[i] == max ? 1f / count : 0f;
                }
                continue;
            }
            VectorMath.exp(x, start, 1f, -max, out, start, cols);
            scale((float) (1.0 / sum(out, start, end)), out, start, end);
        }
    }

    /** Gradient through softmax for rows {@code [from, to)}: {@code out = y (g - y.g)}. */
    static void softmaxGradientRows(float[] y, float[] g, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int start = r * cols;
            int end = start + cols;
            float dot = (float) dot(y, g, start, end);
            FloatVector dotV = FloatVector.broadcast(S, dot);
            int i = start;
            for (int bound = end - V; i <= bound; i += V) {
                FloatVector yv = FloatVector.fromArray(S, y, i);
                yv.mul(FloatVector.fromArray(S, g, i).sub(dotV)).intoArray(out, i);
            }
            for (; i < end; i++) {
                out[i] = y[i] * (g[i] - dot);
            }
        }
    }

    /** {@code out = g * act'(x)} from the activation's output {@code y}, over {@code [from, to)}. */
    static void activationGradient(Activation act, float[] y, float[] g, float[] out, int from, int to, float[] work) {
        ElementActivation.of(act).gradient(y, g, out, from, to, work);
    }

    private static void sigmoidGradient(float[] y, float[] g, float[] out, int from, int to) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector yv = FloatVector.fromArray(S, y, i);
            FloatVector.fromArray(S, g, i).mul(yv).mul(one.sub(yv)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = g[i] * y[i] * (1f - y[i]);
        }
    }

    private static void reluGradient(float[] y, float[] g, float[] out, int from, int to) {
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            VectorMask<Float> off = FloatVector.fromArray(S, y, i).compare(VectorOperators.LE, 0f);
            FloatVector.fromArray(S, g, i).blend(0f, off).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = y[i] > 0f ? g[i] : 0f;
        }
    }

    /** {@code out[b + i] = g[b + i] * (1 - e[i])}. */
    private static void oneMinusTimes(float[] e, float[] g, float[] out, int b, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = n - V; i <= bound; i += V) {
            FloatVector.fromArray(S, g, b + i).mul(one.sub(FloatVector.fromArray(S, e, i))).intoArray(out, b + i);
        }
        for (; i < n; i++) {
            out[b + i] = g[b + i] * (1f - e[i]);
        }
    }

    // ------------------------------------------------------------------ arithmetic

    static void axpby(float alpha, float[] x, float beta, float[] out, int from, int to) {
        if (beta == 0f) {
            scaleInto(alpha, x, out, from, to);
            return;
        }
        FloatVector a = FloatVector.broadcast(S, alpha);
        FloatVector b = FloatVector.broadcast(S, beta);
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector.fromArray(S, x, i).fma(a, FloatVector.fromArray(S, out, i).mul(b)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = alpha * x[i] + beta * out[i];
        }
    }

    /** One fused Adam step over {@code [from, to)}; see {@code Backend.adamUpdate}. */
    static void adam(float[] g, float[] m, float[] v, float[] p, float stepSize, float beta1, float beta2,
                     float epsilon, float inverseRootCorrection2, int from, int to) {
        FloatVector b1 = FloatVector.broadcast(S, beta1);
        FloatVector c1 = FloatVector.broadcast(S, 1f - beta1);
        FloatVector b2 = FloatVector.broadcast(S, beta2);
        FloatVector c2 = FloatVector.broadcast(S, 1f - beta2);
        FloatVector eps = FloatVector.broadcast(S, epsilon);
        FloatVector root = FloatVector.broadcast(S, inverseRootCorrection2);
        FloatVector step = FloatVector.broadcast(S, -stepSize);
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector grad = FloatVector.fromArray(S, g, i);
            FloatVector first = FloatVector.fromArray(S, m, i).mul(b1).add(grad.mul(c1));
            FloatVector second = FloatVector.fromArray(S, v, i).mul(b2).add(grad.mul(grad).mul(c2));
            first.intoArray(m, i);
            second.intoArray(v, i);
            FloatVector denominator = second.sqrt().fma(root, eps);
            first.div(denominator).fma(step, FloatVector.fromArray(S, p, i)).intoArray(p, i);
        }
        for (; i < to; i++) {
            float grad = g[i];
            float first = beta1 * m[i] + (1f - beta1) * grad;
            float second = beta2 * v[i] + (1f - beta2) * grad * grad;
            m[i] = first;
            v[i] = second;
            p[i] -= stepSize * first / ((float) Math.sqrt(second) * inverseRootCorrection2 + epsilon);
        }
    }

    private static void scaleInto(float alpha, float[] x, float[] out, int from, int to) {
        FloatVector a = FloatVector.broadcast(S, alpha);
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector.fromArray(S, x, i).mul(a).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = alpha * x[i];
        }
    }

    static void scale(float factor, float[] data, int from, int to) {
        scaleInto(factor, data, data, from, to);
    }

    static void add(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector.fromArray(S, a, i).add(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] + b[i];
        }
    }

    static void subtract(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector.fromArray(S, a, i).sub(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] - b[i];
        }
    }

    static void multiply(float[] a, float[] b, float[] out, int from, int to) {
        int i = from;
        for (int bound = to - V; i <= bound; i += V) {
            FloatVector.fromArray(S, a, i).mul(FloatVector.fromArray(S, b, i)).intoArray(out, i);
        }
        for (; i < to; i++) {
            out[i] = a[i] * b[i];
        }
    }

    /** {@code x[xo + i] += y[yo + i]} for {@code i < n}. */
    static void addInPlace(float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        for (int bound = n - V; i <= bound; i += V) {
            FloatVector.fromArray(S, x, xo + i).add(FloatVector.fromArray(S, y, yo + i)).intoArray(x, xo + i);
        }
        for (; i < n; i++) {
            x[xo + i] += y[yo + i];
        }
    }

    /** Adds {@code row} to the rows {@code [from, to)} of {@code x}. */
    static void addRow(float[] x, float[] row, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int start = r * cols;
            int j = 0;
            for (int bound = cols - V; j <= bound; j += V) {
                FloatVector.fromArray(S, x, start + j).add(FloatVector.fromArray(S, row, j)).intoArray(out, start + j);
            }
            for (; j < cols; j++) {
                out[start + j] = x[start + j] + row[j];
            }
        }
    }

    /** Multiplies the rows {@code [from, to)} of {@code x} by {@code row}. */
    static void multiplyRow(float[] x, float[] row, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            int start = r * cols;
            int j = 0;
            for (int bound = cols - V; j <= bound; j += V) {
                FloatVector.fromArray(S, x, start + j).mul(FloatVector.fromArray(S, row, j)).intoArray(out, start + j);
            }
            for (; j < cols; j++) {
                out[start + j] = x[start + j] * row[j];
            }
        }
    }

    // ------------------------------------------------------------------ reductions

    /**
     * Column sums for the columns {@code [from, to)}: {@code out = alpha * sums + beta * out},
     * not reading {@code out} when {@code beta} is zero.
     */
    static void columnSums(float alpha, float[] x, int rows, int cols, float beta, float[] out, int from, int to) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        // All lanes set when beta is zero: the old out (perhaps NaN) is then masked, not multiplied.
        VectorMask<Float> ignoreOld = betaV.compare(VectorOperators.EQ, 0f);
        int j = from;
        for (; j + V <= to; j += V) {
            // Float vectors sum a block of rows; blocks are combined with Kahan compensation,
            // so long columns keep nearly double accuracy.
            FloatVector total = FloatVector.zero(S);
            FloatVector compensation = FloatVector.zero(S);
            for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
                int r1 = Math.min(rows, r0 + ROW_BLOCK);
                FloatVector block = FloatVector.zero(S);
                for (int r = r0; r < r1; r++) {
                    block = block.add(FloatVector.fromArray(S, x, r * cols + j));
                }
                FloatVector y = block.sub(compensation);
                FloatVector t = total.add(y);
                compensation = t.sub(total).sub(y);
                total = t;
            }
            FloatVector old = FloatVector.fromArray(S, out, j).mul(betaV).blend(0f, ignoreOld);
            total.fma(alphaV, old).intoArray(out, j);
        }
        for (; j < to; j++) {
            double total = 0;
            for (int r = 0; r < rows; r++) {
                total += x[r * cols + j];
            }
            out[j] = (float) (alpha * total + (beta == 0f ? 0.0 : (double) beta * out[j]));
        }
    }

    static float max(float[] x, int from, int to) {
        int i = from;
        float max = Float.NEGATIVE_INFINITY;
        if (to - from >= V) {
            FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
            for (int bound = to - V; i <= bound; i += V) {
                m = m.max(FloatVector.fromArray(S, x, i));
            }
            max = m.reduceLanes(VectorOperators.MAX);
        }
        for (; i < to; i++) {
            max = Math.max(max, x[i]);
        }
        return max;
    }

    /** log sum exp of {@code x[start, start + cols)}, using {@code work} for the exponentials. */
    static float logSumExp(float[] x, int start, int cols, float[] work) {
        int end = start + cols;
        float max = max(x, start, end);
        if (max == Float.NEGATIVE_INFINITY || max == Float.POSITIVE_INFINITY || Float.isNaN(max)) {
            return max;
        }
        double total = 0;
        for (int b = start; b < end; b += work.length) {
            int n = Math.min(work.length, end - b);
            VectorMath.exp(x, b, 1f, -max, work, 0, n);
            total += sum(work, 0, n);
        }
        return (float) (max + Math.log(total));
    }

    static int argmax(float[] x, int start, int cols) {
        int best = 0;
        float bestValue = x[start];
        for (int j = 1; j < cols; j++) {
            float v = x[start + j];
            if (v > bestValue || (Float.isNaN(bestValue) && !Float.isNaN(v))) {
                best = j;
                bestValue = v;
            }
        }
        return best;
    }

    static double dot(float[] a, float[] b, int from, int to) {
        double total = 0;
        int i = from;
        while (to - i >= V) {
            int vectorEnd = i + (Math.min(to, i + SUM_BLOCK) - i) / V * V;
            total += blockDot(a, b, i, vectorEnd);
            i = vectorEnd;
        }
        for (; i < to; i++) {
            total += (double) a[i] * b[i];
        }
        return total;
    }

    static double sum(float[] x, int from, int to) {
        double total = 0;
        int i = from;
        while (to - i >= V) {
            int vectorEnd = i + (Math.min(to, i + SUM_BLOCK) - i) / V * V;
            total += blockSum(x, i, vectorEnd);
            i = vectorEnd;
        }
        for (; i < to; i++) {
            total += x[i];
        }
        return total;
    }

    /*
     * The block reductions add their lanes in one fixed order, folding upper halves onto lower
     * ones. reduceLanes(ADD) leaves the order open, and JDK 25's compiled code adds in another
     * order than its interpreter does, so a sum changed in its last bit once the caller was
     * compiled. The fold is written out in each method rather than in a helper taking a vector:
     * a vector passed to a call that C2 does not inline is boxed.
     */

    /** The sum of {@code x[from, to)}, {@code to - from} a positive multiple of V. */
    private static float blockSum(float[] x, int from, int to) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = from; i < to; i += V) {
            acc = acc.add(FloatVector.fromArray(S, x, i));
        }
        if (V > 8) {
            acc = acc.add(acc.rearrange(FOLD_8));
        }
        if (V > 4) {
            acc = acc.add(acc.rearrange(FOLD_4));
        }
        acc = acc.add(acc.rearrange(FOLD_2));
        acc = acc.add(acc.rearrange(FOLD_1));
        return acc.lane(0);
    }

    /** The dot product of {@code a} and {@code b} on {@code [from, to)}, a positive multiple of V long. */
    private static float blockDot(float[] a, float[] b, int from, int to) {
        FloatVector acc = FloatVector.zero(S);
        for (int i = from; i < to; i += V) {
            acc = FloatVector.fromArray(S, a, i).fma(FloatVector.fromArray(S, b, i), acc);
        }
        if (V > 8) {
            acc = acc.add(acc.rearrange(FOLD_8));
        }
        if (V > 4) {
            acc = acc.add(acc.rearrange(FOLD_4));
        }
        acc = acc.add(acc.rearrange(FOLD_2));
        acc = acc.add(acc.rearrange(FOLD_1));
        return acc.lane(0);
    }

    // ------------------------------------------------------------------ sampling

    /** Writes a one-hot group: the first state whose cumulative probability exceeds {@code u}. */
    static void oneHot(float[] p, float[] out, int start, int size, float u) {
        double cumulative = 0;
        int chosen = -1;
        for (int k = 0; k < size; k++) {
            cumulative += p[start + k];
            if (chosen < 0 && u < cumulative) {
                chosen = k;
            }
        }
        if (chosen < 0) {
            chosen = size - 1;
            while (chosen > 0 && !(p[start + chosen] > 0f)) {
                chosen--;
            }
        }
        for (int k = 0; k < size; k++) {
            out[start + k] = k == chosen ? 1f : 0f;
        }
    }

    /** {@code out[from + i] = u[i] < p[from + i] ? 1 : 0}. */
    static void bernoulli(float[] p, float[] u, float[] out, int from, int count) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (int bound = count - V; i <= bound; i += V) {
            VectorMask<Float> hit = FloatVector.fromArray(S, u, i).compare(VectorOperators.LT,
                    FloatVector.fromArray(S, p, from + i));
            zero.blend(one, hit).intoArray(out, from + i);
        }
        for (; i < count; i++) {
            out[from + i] = u[i] < p[from + i] ? 1f : 0f;
        }
    }

    /** {@code out[from + i] = mean[from + i] + stddev * z[i]}. */
    static void gaussian(float[] mean, float stddev, float[] z, float[] out, int from, int count) {
        FloatVector sd = FloatVector.broadcast(S, stddev);
        int i = 0;
        for (int bound = count - V; i <= bound; i += V) {
            FloatVector.fromArray(S, z, i).fma(sd, FloatVector.fromArray(S, mean, from + i))
                    .intoArray(out, from + i);
        }
        for (; i < count; i++) {
            out[from + i] = mean[from + i] + stddev * z[i];
        }
    }

    /** Like {@link #gaussian} with the standard deviation of each element's column. */
    static void gaussianColumns(float[] mean, float[] stddev, int cols, float[] z, float[] out, int from, int count) {
        int e = from;
        int end = from + count;
        while (e < end) {
            int col = e % cols;
            int segment = Math.min(end - e, cols - col);
            int i = 0;
            for (int bound = segment - V; i <= bound; i += V) {
                FloatVector.fromArray(S, z, e - from + i).fma(FloatVector.fromArray(S, stddev, col + i),
                        FloatVector.fromArray(S, mean, e + i)).intoArray(out, e + i);
            }
            for (; i < segment; i++) {
                out[e + i] = mean[e + i] + stddev[col + i] * z[e - from + i];
            }
            e += segment;
        }
    }

    /**
     * {@code out[from + i] = max(0, x + sqrt(sigmoid(x)) z[i])} with {@code x = x[from + i]};
     * {@code work} receives the sigmoids.
     */
    static void noisyRelu(float[] x, float[] z, float[] out, int from, int count, float[] work) {
        VectorMath.sigmoid(x, from, work, 0, count);
        int i = 0;
        for (int bound = count - V; i <= bound; i += V) {
            FloatVector xv = FloatVector.fromArray(S, x, from + i);
            FloatVector sd = FloatVector.fromArray(S, work, i).sqrt();
            FloatVector.fromArray(S, z, i).fma(sd, xv).max(0f).intoArray(out, from + i);
        }
        for (; i < count; i++) {
            out[from + i] = Math.max(0f, x[from + i] + (float) Math.sqrt(work[i]) * z[i]);
        }
    }
}
