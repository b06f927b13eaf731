package org.dbn4j.tck;

import java.util.Locale;

/**
 * Element-wise comparison of a backend's result with the reference's, reporting the worst
 * element when they differ.
 */
public final class MatrixAssert {

    private MatrixAssert() {
    }

    /**
     * Asserts that two row-major results agree within a tolerance. NaN agrees only with NaN,
     * and an infinity only with the same infinity.
     *
     * @param what the operation and the shapes, for the message
     * @param expected the reference result
     * @param actual the backend's result
     * @param cols the column count, to print positions as row and column
     * @param tolerance the accepted difference per element
     * @throws AssertionError naming the operation, the shapes and the worst element
     */
    public static void assertClose(String what, float[] expected, float[] actual, int cols, Tolerance tolerance) {
        if (expected.length != actual.length) {
            throw new AssertionError(what + ": result has " + actual.length + " elements, expected " + expected.length);
        }
        int worst = -1;
        double worstRatio = 1.0;
        double worstTolerance = 0;
        for (int e = 0; e < expected.length; e++) {
            double x = expected[e];
            double y = actual[e];
            double tol = tolerance.at(e, x);
            double ratio;
            if (Double.isNaN(x) || Double.isNaN(y) || Double.isInfinite(x) || Double.isInfinite(y)) {
                ratio = Double.compare(x, y) == 0 ? 0 : Double.POSITIVE_INFINITY;
            } else {
                double diff = Math.abs(x - y);
                ratio = diff == 0 ? 0 : (tol == 0 ? Double.POSITIVE_INFINITY : diff / tol);
            }
            if (ratio > worstRatio) {
                worstRatio = ratio;
                worst = e;
                worstTolerance = tol;
            }
        }
        if (worst >= 0) {
            int c = Math.max(cols, 1);
            throw new AssertionError(String.format(Locale.ROOT,
                    "%s: worst element [%d][%d]: expected %s, got %s, |difference| %.3g exceeds tolerance %.3g",
                    what, worst / c, worst % c, expected[worst], actual[worst],
                    Math.abs((double) expected[worst] - actual[worst]), worstTolerance));
        }
    }

    /**
     * Asserts that two results are identical bit for bit (NaNs compare equal).
     *
     * @param what the operation and the shapes, for the message
     * @param expected the expected values
     * @param actual the actual values
     * @param cols the column count, for positions
     */
    public static void assertIdentical(String what, float[] expected, float[] actual, int cols) {
        assertClose(what, expected, actual, cols, (index, value) -> 0.0);
    }
}
