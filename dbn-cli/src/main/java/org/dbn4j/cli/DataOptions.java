package org.dbn4j.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.dbn4j.data.CsvReader;
import org.dbn4j.data.DataSet;
import org.dbn4j.data.IdxReader;
import org.dbn4j.datasets.Mnist10k;
import picocli.CommandLine.Option;

/**
 * Where a command's data come from: the embedded MNIST subset (default), an IDX directory in
 * MNIST / Fashion-MNIST layout, or a CSV file with a label column.
 */
public final class DataOptions {
    /** Creates the options with picocli's defaults. */
    public DataOptions() {
    }

    @Option(names = "--data", paramLabel = "SOURCE", defaultValue = "embedded",
            description = "embedded (the 10,000 MNIST digits shipped with dbn4j), a directory of IDX files in"
                    + " MNIST layout (train-images-idx3-ubyte[.gz], ...), or a .csv file. Default: ${DEFAULT-VALUE}.")
    private String source = "embedded";

    @Option(names = "--label-column", paramLabel = "COLUMN",
            description = "For CSV: the label column, by 0-based index, negative index from the end (-1: last) or"
                    + " header name. Without it the CSV is unlabelled.")
    private String labelColumn;

    @Option(names = "--target", paramLabel = "COLUMN",
            description = "For CSV: a column of real-valued regression targets, named as --label-column is; every"
                    + " other column is a feature.")
    private String targetColumn;

    @Option(names = "--test-data", paramLabel = "FILE",
            description = "For CSV: a second file of held-out examples with the same columns.")
    private Path testFile;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use only the first N training examples (and N/4 test examples), for a quick run.")
    private Integer limit;

    /**
     * The training and test parts (test may be null).
     *
     * @param images whether the examples are square images (IDX image files and the embedded
     *     digits), which image augmentations may move and turn; a CSV's columns are not
     */
    record Parts(DataSet train, DataSet test, String description, boolean images) {
    }

    /** Regression inputs and targets of the training and test parts (the test ones may be null). */
    record RegressionParts(DataSet train, float[] trainTargets, DataSet test, float[] testTargets, String targetName,
                           String description) {
    }

    /**
     * Whether a regression target column was given.
     *
     * @return true with --target
     */
    boolean hasTarget() {
        return targetColumn != null;
    }

    /**
     * Loads a CSV file (and --test-data) with real-valued targets in the --target column.
     *
     * @return the parts
     * @throws IOException if a file cannot be read or is malformed
     */
    RegressionParts loadRegression() throws IOException {
        if (targetColumn == null) {
            throw new UserException("regression needs --target COLUMN, the CSV column of the values to predict");
        }
        if (labelColumn != null) {
            throw new UserException("--target and --label-column exclude each other: a column is either a"
                    + " regression target or a class label");
        }
        if (!source.toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
            throw new UserException("--target needs --data FILE.csv; " + source + " is not a CSV file");
        }
        Path path = Path.of(source);
        CsvReader.Regression train = CsvReader.readRegression(path, targetColumn);
        CsvReader.Regression test = testFile == null ? null : CsvReader.readRegression(testFile, targetColumn);
        if (test != null && test.inputs().cols() != train.inputs().cols()) {
            throw new UserException(testFile + " has " + test.inputs().cols() + " features but " + path + " has "
                    + train.inputs().cols());
        }
        RegressionParts parts = new RegressionParts(train.inputs(), train.targets(), test == null ? null : test.inputs(),
                test == null ? null : test.targets(), train.targetName(), path.toString());
        if (limit != null) {
            if (limit < 1) {
                throw new UserException("--limit must be at least 1, got " + limit);
            }
            int n = Math.min(limit, parts.train().rows());
            int m = parts.test() == null ? 0 : Math.min(Math.max(1, limit / 4), parts.test().rows());
            parts = new RegressionParts(parts.train().head(n), java.util.Arrays.copyOf(parts.trainTargets(), n),
                    parts.test() == null ? null : parts.test().head(m),
                    parts.test() == null ? null : java.util.Arrays.copyOf(parts.testTargets(), m), parts.targetName(),
                    parts.description() + " (first " + limit + ")");
        }
        return parts;
    }

    /**
     * Loads the data.
     *
     * @return the parts
     * @throws IOException if a file cannot be read or is malformed
     */
    Parts load() throws IOException {
        if (targetColumn != null) {
            throw new UserException("--target names a regression target, but this command reads classes or features;"
                    + " use --label-column, or train with --task regression");
        }
        Parts parts;
        if (source.equals("embedded")) {
            parts = new Parts(Mnist10k.train(), Mnist10k.test(), "the embedded MNIST subset", true);
        } else {
            Path path = Path.of(source);
            if (!Files.exists(path)) {
                throw new NoSuchFileException(source, null, "no such data file or directory");
            }
            if (Files.isDirectory(path)) {
                DataSet train = IdxReader.readMnist(path, "train");
                DataSet test = hasPart(path, "t10k") ? IdxReader.readMnist(path, "t10k") : null;
                parts = new Parts(train, test, "IDX files in " + path, true);
            } else {
                DataSet train = CsvReader.read(path, labelColumn);
                DataSet test = testFile == null ? null : CsvReader.read(testFile, labelColumn);
                if (test != null && test.cols() != train.cols()) {
                    throw new UserException(testFile + " has " + test.cols() + " features but " + path + " has "
                            + train.cols());
                }
                parts = new Parts(train, test, path.toString(), false);
            }
        }
        if (limit != null) {
            if (limit < 1) {
                throw new UserException("--limit must be at least 1, got " + limit);
            }
            parts = new Parts(parts.train().head(limit), parts.test() == null ? null
                    : parts.test().head(Math.max(1, limit / 4)), parts.description() + " (first " + limit + ")",
                    parts.images());
        }
        return parts;
    }

    private static boolean hasPart(Path dir, String part) {
        return Files.exists(dir.resolve(part + "-images-idx3-ubyte")) || Files.exists(dir.resolve(part
                + "-images-idx3-ubyte.gz"));
    }

    /**
     * The source as given.
     *
     * @return the source
     */
    String source() {
        return source;
    }
}
