package org.dbn4j.data;

import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * A random change made to training examples afresh for every minibatch of supervised
 * fine-tuning, so that each epoch sees other versions of the same digits: a cheaper and better
 * regulariser than fixed augmented copies, which multiply the epoch's cost.
 *
 * <p>Implementations are immutable configuration, safe to share between runs and threads. They
 * draw every random choice from the stream they are given, so that a seed decides the result.
 */
@FunctionalInterface
public interface Augmentation extends Serializable {

    /**
     * Changes a block of examples in place.
     *
     * @param rows {@code count x cols} values, row-major; the first {@code count} rows are changed
     * @param count the number of examples
     * @param cols the features per example
     * @param random the source of every random choice
     */
    void apply(float[] rows, int count, int cols, SplittableRandom random);

    /**
     * Moves each image by a whole number of pixels, drawn uniformly in {@code [-maxShift, maxShift]}
     * along each axis, filling the uncovered border with zeros (the background of MNIST-like
     * images).
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @param maxShift the largest shift, at least 1 and less than both sides
     * @return the augmentation
     * @throws IllegalArgumentException if the sizes are not positive or the shift does not fit
     */
    static Augmentation randomShifts(int width, int height, int maxShift) {
        return new RandomShifts(width, height, maxShift);
    }

    /**
     * Moves, turns and scales each image at random (bilinear interpolation, zeros outside): a
     * shift drawn uniformly in {@code [-maxShift, maxShift]} pixels along each axis, a rotation
     * in {@code [-maxDegrees, maxDegrees]} about the centre and a scale in
     * {@code [1 - maxScale, 1 + maxScale]}; the small distortions that handwriting varies by.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @param maxShift the largest shift in pixels, at least 0 and less than both sides
     * @param maxDegrees the largest rotation, in [0, 90)
     * @param maxScale the largest relative change of size, in [0, 0.5)
     * @return the augmentation
     * @throws IllegalArgumentException if a size or a limit is out of range
     */
    static Augmentation randomAffine(int width, int height, double maxShift, double maxDegrees, double maxScale) {
        return new RandomAffine(width, height, maxShift, maxDegrees, maxScale);
    }

    /**
     * {@link #randomAffine}: images moved, turned and scaled at random.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @param maxShift the largest shift along an axis, in pixels
     * @param maxDegrees the largest rotation in degrees
     * @param maxScale the largest relative change of size
     */
    record RandomAffine(int width, int height, double maxShift, double maxDegrees, double maxScale)
            implements Augmentation {

        /**
         * Checks the sizes and limits.
         *
         * @param width image width in pixels
         * @param height image height in pixels
         * @param maxShift the largest shift along an axis, in pixels
         * @param maxDegrees the largest rotation in degrees
         * @param maxScale the largest relative change of size
         * @throws IllegalArgumentException if a size or a limit is out of range
         */
        public RandomAffine {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("images need a positive size, got " + width + " x " + height);
            }
            if (!(maxShift >= 0 && maxShift < Math.min(width, height))) {
                throw new IllegalArgumentException("a shift of " + maxShift + " pixels does not fit " + width + " x "
                        + height + " images");
            }
            if (!(maxDegrees >= 0 && maxDegrees < 90) || !(maxScale >= 0 && maxScale < 0.5)) {
                throw new IllegalArgumentException("rotations lie in [0, 90) degrees and scale changes in [0, 0.5),"
                        + " got " + maxDegrees + " and " + maxScale);
            }
        }

        @Override
        public void apply(float[] rows, int count, int cols, SplittableRandom random) {
            if ((long) width * height != cols) {
                throw new IllegalArgumentException(width + " x " + height + " images do not have " + cols + " pixels");
            }
            float[] image = new float[cols];
            double cx = (width - 1) / 2.0;
            double cy = (height - 1) / 2.0;
            for (int r = 0; r < count; r++) {
                double tx = maxShift > 0 ? random.nextDouble(-maxShift, maxShift) : 0;
                double ty = maxShift > 0 ? random.nextDouble(-maxShift, maxShift) : 0;
                double angle = maxDegrees > 0 ? Math.toRadians(random.nextDouble(-maxDegrees, maxDegrees)) : 0;
                double scale = maxScale > 0 ? random.nextDouble(1 - maxScale, 1 + maxScale) : 1;
                // Each output pixel reads the source point the inverse transform maps it to.
                double cos = Math.cos(angle) / scale;
                double sin = Math.sin(angle) / scale;
                int base = r * cols;
                System.arraycopy(rows, base, image, 0, cols);
                for (int y = 0; y < height; y++) {
                    // The source point moves by (cos, -sin) per output pixel along a row.
                    double ox = -cx - tx;
                    double oy = y - cy - ty;
                    double sx = cos * ox + sin * oy + cx;
                    double sy = -sin * ox + cos * oy + cy;
                    int out = base + y * width;
                    for (int x = 0; x < width; x++, sx += cos, sy -= sin) {
                        rows[out + x] = bilinear(image, sx, sy);
                    }
                }
            }
        }

        private float bilinear(float[] image, double x, double y) {
            if (x <= -1 || y <= -1 || x >= width || y >= height) {
                return 0f;
            }
            int x0 = (int) Math.floor(x);
            int y0 = (int) Math.floor(y);
            float fx = (float) (x - x0);
            float fy = (float) (y - y0);
            float top = (1 - fx) * pixel(image, x0, y0) + fx * pixel(image, x0 + 1, y0);
            float bottom = (1 - fx) * pixel(image, x0, y0 + 1) + fx * pixel(image, x0 + 1, y0 + 1);
            return (1 - fy) * top + fy * bottom;
        }

        private float pixel(float[] image, int x, int y) {
            return x < 0 || y < 0 || x >= width || y >= height ? 0f : image[y * width + x];
        }

        @Override
        public String toString() {
            return "random shifts of up to " + maxShift + " pixels, rotations of up to " + maxDegrees
                    + " degrees, scaling by up to " + maxScale;
        }
    }

    /**
     * {@link #randomShifts}: images moved by up to {@code maxShift} pixels along each axis.
     *
     * @param width image width in pixels
     * @param height image height in pixels
     * @param maxShift the largest shift along an axis
     */
    record RandomShifts(int width, int height, int maxShift) implements Augmentation {

        /**
         * Checks the sizes.
         *
         * @param width image width in pixels
         * @param height image height in pixels
         * @param maxShift the largest shift along an axis
         * @throws IllegalArgumentException if the sizes are not positive or the shift does not fit
         */
        public RandomShifts {
            if (width < 1 || height < 1) {
                throw new IllegalArgumentException("images need a positive size, got " + width + " x " + height);
            }
            if (maxShift < 1 || maxShift >= Math.min(width, height)) {
                throw new IllegalArgumentException("a shift of " + maxShift + " pixels does not fit " + width + " x "
                        + height + " images; give 1 to " + (Math.min(width, height) - 1));
            }
        }

        @Override
        public void apply(float[] rows, int count, int cols, SplittableRandom random) {
            if ((long) width * height != cols) {
                throw new IllegalArgumentException(width + " x " + height + " images do not have " + cols + " pixels");
            }
            float[] image = new float[cols];
            for (int r = 0; r < count; r++) {
                int dx = random.nextInt(-maxShift, maxShift + 1);
                int dy = random.nextInt(-maxShift, maxShift + 1);
                if (dx == 0 && dy == 0) {
                    continue;
                }
                int base = r * cols;
                System.arraycopy(rows, base, image, 0, cols);
                java.util.Arrays.fill(rows, base, base + cols, 0f);
                DataSet.shiftImage(image, 0, rows, base, width, height, dx, dy);
            }
        }

        @Override
        public String toString() {
            return "random shifts of up to " + maxShift + " pixels";
        }
    }
}
