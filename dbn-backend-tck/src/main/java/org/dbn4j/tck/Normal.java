package org.dbn4j.tck;

/** The standard normal density and distribution function, for the statistical checks. */
final class Normal {

    private Normal() {
    }

    /** The density {@code phi(x)}. */
    static double density(double x) {
        return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
    }

    /** The distribution function {@code Phi(x) = P(Z <= x)}. */
    static double cdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    /**
     * The complementary error function, with fractional error below 1.2e-7 everywhere
     * (Chebyshev fit from Numerical Recipes, "erfcc").
     */
    static double erfc(double x) {
        double z = Math.abs(x);
        double t = 1.0 / (1.0 + 0.5 * z);
        double ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? ans : 2.0 - ans;
    }
}
