package org.dbn4j.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    @Test
    void randomShiftsMoveEveryImageByADrawnOffsetWithinTheLimit() {
        int side = 9;
        int rows = 400;
        float[] images = new float[rows * side * side];
        for (int r = 0; r < rows; r++) {
            images[r * side * side + 4 * side + 4] = 1f;      // one pixel in the middle
            images[r * side * side + 4 * side + 5] = 0.5f;    // and its right neighbour
        }
        Augmentation.randomShifts(side, side, 2).apply(images, rows, side * side, new SplittableRandom(3));
        Set<Integer> offsets = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            int at = -1;
            for (int p = 0; p < side * side; p++) {
                if (images[r * side * side + p] == 1f) {
                    at = p;
                }
            }
            int dx = at % side - 4;
            int dy = at / side - 4;
            assertTrue(Math.abs(dx) <= 2 && Math.abs(dy) <= 2, "shifted by " + dx + ", " + dy);
            assertEquals(0.5f, images[r * side * side + at + 1], "the neighbour moved with the pixel");
            offsets.add((dy + 2) * 5 + dx + 2);
        }
        assertEquals(25, offsets.size(), "every offset in [-2, 2]^2 is drawn");
    }

    @Test
    void pixelsShiftedOutAreLostAndTheBorderIsBlank() {
        float[] image = new float[9];
        java.util.Arrays.fill(image, 1f);
        SplittableRandom random = new SplittableRandom(1);
        float[] copy = image.clone();
        Augmentation shifts = Augmentation.randomShifts(3, 3, 1);
        int changed = 0;
        for (int i = 0; i < 50; i++) {
            System.arraycopy(copy, 0, image, 0, 9);
            shifts.apply(image, 1, 9, random);
            double sum = 0;
            for (float v : image) {
                sum += v;
            }
            assertTrue(sum == 9 || sum == 6 || sum == 4, "a 3 x 3 block shifted keeps 9, 6 or 4 pixels: " + sum);
            changed += sum < 9 ? 1 : 0;
        }
        assertTrue(changed > 30, "most draws move the image (8 of 9 offsets)");
    }

    @Test
    void theSameStreamGivesTheSameImagesAndOnlyTheGivenRowsChange() {
        float[] a = new float[3 * 16];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
        }
        float[] b = a.clone();
        Augmentation shifts = Augmentation.randomShifts(4, 4, 1);
        shifts.apply(a, 2, 16, new SplittableRandom(9));
        shifts.apply(b, 2, 16, new SplittableRandom(9));
        assertArrayEquals(a, b);
        for (int i = 32; i < 48; i++) {
            assertEquals(i, a[i], "row 2 was not asked for");
        }
    }

    @Test
    void shiftsThatDoNotFitAreRefusedWithTheSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.randomShifts(28, 28, 28));
        assertTrue(e.getMessage().contains("28 x 28") && e.getMessage().contains("1 to 27"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Augmentation.randomShifts(0, 28, 1));
        IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                () -> Augmentation.randomShifts(28, 28, 1).apply(new float[10], 1, 10, new SplittableRandom(1)));
        assertTrue(cols.getMessage().contains("do not have 10 pixels"), cols.getMessage());
    }

    @Test
    void anAffineChangeWithNoRangeIsTheIdentity() {
        float[] image = new float[7 * 7 * 2];
        for (int i = 0; i < image.length; i++) {
            image[i] = (i * 37 % 11) / 10f;
        }
        float[] copy = image.clone();
        Augmentation.randomAffine(7, 7, 0, 0, 0).apply(copy, 2, 49, new SplittableRandom(5));
        assertArrayEquals(image, copy, 1e-6f);
    }

    @Test
    void affineChangesKeepABlobsMassAndMoveItsCentreWithinTheShift() {
        int side = 28;
        float[] blob = new float[side * side];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                double r2 = (x - 13.5) * (x - 13.5) + (y - 13.5) * (y - 13.5);
                blob[y * side + x] = (float) Math.exp(-r2 / 18);
            }
        }
        int rows = 50;
        float[] images = new float[rows * blob.length];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(blob, 0, images, r * blob.length, blob.length);
        }
        Augmentation.randomAffine(side, side, 2, 15, 0.1).apply(images, rows, blob.length, new SplittableRandom(2));
        double mass = sum(blob, 0, blob.length);
        int moved = 0;
        for (int r = 0; r < rows; r++) {
            double m = sum(images, r * blob.length, blob.length);
            assertTrue(m > 0.78 * mass && m < 1.23 * mass, "scaling by 0.9-1.1 changes the mass by its square: " + m / mass);
            double cx = 0;
            double cy = 0;
            for (int p = 0; p < blob.length; p++) {
                cx += images[r * blob.length + p] * (p % side) / m;
                cy += images[r * blob.length + p] * (p / side) / m;
            }
            assertTrue(Math.abs(cx - 13.5) <= 2.05 && Math.abs(cy - 13.5) <= 2.05, cx + ", " + cy);
            moved += Math.abs(cx - 13.5) > 0.2 ? 1 : 0;
        }
        assertTrue(moved > 30, "most blobs move");
    }

    private static double sum(float[] a, int from, int n) {
        double s = 0;
        for (int i = from; i < from + n; i++) {
            s += a[i];
        }
        return s;
    }
}
