package org.dbn4j.tck;

/**
 * How far a backend's element may lie from the reference's, per element.
 *
 * <p>The usual form is relative plus absolute, scaled by the number of terms that were summed
 * to make the element (the inner dimension of a product, the length of a reduction), because
 * float rounding error grows with that count.
 */
@FunctionalInterface
public interface Tolerance {

    /**
     * The largest accepted absolute difference for one element.
     *
     * @param index the element's row-major index
     * @param expected the reference value
     * @return the tolerance, non-negative
     */
    double at(int index, double expected);

    /**
     * {@code terms * (absolute + relative * |expected|)}.
     *
     * @param relative the relative part
     * @param absolute the absolute part
     * @param terms the number of terms summed per element; values below 1 count as 1
     * @return the tolerance
     */
    static Tolerance scaled(double relative, double absolute, int terms) {
        double factor = Math.max(1, terms);
        return (index, expected) -> factor * (absolute + relative * Math.abs(expected));
    }
}
