package org.dbn4j.data;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST: a big-endian magic number (two zero
 * bytes, a type code, the number of dimensions), the dimensions as big-endian int32, then the
 * values. Files may be gzip-compressed; the reader tells by their first bytes.
 *
 * <p>Every header is checked before data are read, and memory grows only with the bytes actually
 * present, so a header that claims more data than the file has gets a
 * {@link DataFormatException} naming the file, never an OutOfMemoryError.
 */
public final class IdxReader {

    /** Type code of unsigned bytes, the only one MNIST-style files use. */
    public static final int UNSIGNED_BYTE = 0x08;

    /** The largest array accepted, in values. */
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8;

    private IdxReader() {
    }

    /**
     * An IDX array of unsigned bytes.
     *
     * @param dims the dimensions, outermost first
     * @param data the values, row-major, as unsigned bytes
     */
    public record IdxArray(int[] dims, byte[] data) {
        /**
         * One value as an int in [0, 255].
         *
         * @param index the row-major index
         * @return the value
         */
        public int unsigned(int index) {
            return data[index] & 0xFF;
        }

        @Override
        public String toString() {
            return "IdxArray" + Arrays.toString(dims);
        }
    }

    /**
     * Reads an IDX file.
     *
     * @param file the file, gzip-compressed or not
     * @return the array
     * @throws IOException if it cannot be read; a {@link DataFormatException} if it is not a valid
     *     IDX file of unsigned bytes
     */
    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "no such file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads an IDX stream.
     *
     * @param input the stream, gzip-compressed or not; not closed
     * @param name the name used in error messages
     * @return the array
     * @throws IOException if it cannot be read; a {@link DataFormatException} if it is not valid
     */
    public static IdxArray read(InputStream input, String name) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(input);
        buffered.mark(2);
        int b0 = buffered.read();
        int b1 = buffered.read();
        buffered.reset();
        InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(buffered) : buffered;
        byte[] magic = readFully(in, 4, name, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new DataFormatException(name + ": not an IDX file: the magic number "
                    + String.format("0x%02X%02X%02X%02X", magic[0], magic[1], magic[2], magic[3])
                    + " does not start with two zero bytes");
        }
        int type = magic[2] & 0xFF;
        int rank = magic[3] & 0xFF;
        if (type != UNSIGNED_BYTE) {
            throw new DataFormatException(name + ": IDX type code 0x" + Integer.toHexString(type)
                    + " is not supported; only unsigned bytes (0x08), as in MNIST, are");
        }
        if (rank < 1 || rank > 4) {
            throw new DataFormatException(name + ": an IDX file with " + rank + " dimensions is not supported (1 to 4)");
        }
        byte[] header = readFully(in, 4 * rank, name, "the " + rank + " dimensions");
        int[] dims = new int[rank];
        long count = 1;
        for (int d = 0; d < rank; d++) {
            dims[d] = ((header[4 * d] & 0xFF) << 24) | ((header[4 * d + 1] & 0xFF) << 16)
                    | ((header[4 * d + 2] & 0xFF) << 8) | (header[4 * d + 3] & 0xFF);
            if (dims[d] < 0) {
                throw new DataFormatException(name + ": dimension " + d + " is negative (" + dims[d] + ")");
            }
            count *= dims[d];
            if (count > MAX_VALUES) {
                throw new DataFormatException(name + ": dimensions " + Arrays.toString(Arrays.copyOf(dims, d + 1))
                        + "... describe more than " + MAX_VALUES + " values");
            }
        }
        byte[] data = readUpTo(in, (int) count);
        if (data.length < count) {
            throw new DataFormatException(name + ": truncated: dimensions " + Arrays.toString(dims) + " need " + count
                    + " bytes of data, the file has " + data.length);
        }
        if (in.read() != -1) {
            throw new DataFormatException(name + ": more data than dimensions " + Arrays.toString(dims)
                    + " describe (" + count + " bytes)");
        }
        return new IdxArray(dims, data);
    }

    private static byte[] readFully(InputStream in, int n, String name, String what) throws IOException {
        byte[] out = readUpTo(in, n);
        if (out.length < n) {
            throw new DataFormatException(name + ": truncated: the file ends inside " + what);
        }
        return out;
    }

    /** Reads up to n bytes, growing the buffer with what arrives rather than with what is claimed. */
    private static byte[] readUpTo(InputStream in, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(n, 1 << 16));
        byte[] chunk = new byte[1 << 16];
        int remaining = n;
        try {
            while (remaining > 0) {
                int read = in.read(chunk, 0, Math.min(chunk.length, remaining));
                if (read < 0) {
                    break;
                }
                out.write(chunk, 0, read);
                remaining -= read;
            }
        } catch (EOFException e) {
            // A gzip stream cut short: report what was read; the caller names the shortfall.
        }
        return out.toByteArray();
    }

    /**
     * Reads images and their labels into a data set with features scaled to [0, 1].
     *
     * @param images an IDX file of images, {@code n x rows x cols} (or {@code n x features})
     * @param labels an IDX file of {@code n} labels
     * @return the data set; its class count is the largest label plus one
     * @throws IOException if a file cannot be read or the two do not match
     */
    public static DataSet readImages(Path images, Path labels) throws IOException {
        IdxArray x = read(images);
        IdxArray y = read(labels);
        return toDataSet(x, images.toString(), y, labels.toString());
    }

    /**
     * Reads one part of an MNIST-layout directory: {@code <part>-images-idx3-ubyte} and
     * {@code <part>-labels-idx1-ubyte}, each optionally with {@code .gz}. This reads MNIST,
     * Fashion-MNIST and the embedded subset alike.
     *
     * @param directory the directory
     * @param part {@code "train"} or {@code "t10k"}
     * @return the data set, features scaled to [0, 1]
     * @throws IOException if the files are missing, unreadable or inconsistent
     */
    public static DataSet readMnist(Path directory, String part) throws IOException {
        return readImages(find(directory, part + "-images-idx3-ubyte"), find(directory, part + "-labels-idx1-ubyte"));
    }

    private static Path find(Path directory, String base) throws IOException {
        for (String name : new String[] {base, base + ".gz"}) {
            Path p = directory.resolve(name);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(directory.resolve(base).toString(), null,
                "neither " + base + " nor " + base + ".gz is in " + directory);
    }

    /**
     * Combines an image array and a label array into a data set with features scaled to [0, 1].
     *
     * @param x the images, {@code n x ...}
     * @param imagesName the images' name, for messages
     * @param y the labels, {@code n}
     * @param labelsName the labels' name, for messages
     * @return the data set
     * @throws DataFormatException if the two do not fit together
     */
    public static DataSet toDataSet(IdxArray x, String imagesName, IdxArray y, String labelsName)
            throws DataFormatException {
        if (x.dims().length < 2) {
            throw new DataFormatException(imagesName + ": images need at least 2 dimensions, found "
                    + Arrays.toString(x.dims()));
        }
        if (y.dims().length != 1) {
            throw new DataFormatException(labelsName + ": labels need 1 dimension, found " + Arrays.toString(y.dims()));
        }
        int n = x.dims()[0];
        if (y.dims()[0] != n) {
            throw new DataFormatException(labelsName + " has " + y.dims()[0] + " labels but " + imagesName + " has " + n
                    + " images");
        }
        int features = n == 0 ? 0 : x.data().length / n;
        float[] values = new float[x.data().length];
        for (int i = 0; i < values.length; i++) {
            values[i] = (x.data()[i] & 0xFF) / 255f;
        }
        int[] labels = new int[n];
        int classes = 0;
        for (int i = 0; i < n; i++) {
            labels[i] = y.unsigned(i);
            classes = Math.max(classes, labels[i] + 1);
        }
        return new DataSet(values, n, features, labels, classes);
    }
}
