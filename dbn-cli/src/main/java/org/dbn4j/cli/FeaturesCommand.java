package org.dbn4j.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dbn4j features}: a layer's features of a data set, as CSV or NumPy {@code .npy}. */
@Command(name = "features", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Write a layer's features (hidden probabilities) of every example to a file.",
            "CSV (with the label as the last column when there are labels) or .npy (float32, rows x units)."})
public final class FeaturesCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private ModelOption model;

    @Mixin
    private DataOptions data;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--layer", description = "1 for the first hidden layer ... Default: the top layer.")
    private Integer layer;

    @Option(names = "--part", defaultValue = "train", description = "train or test. Default: ${DEFAULT-VALUE}.")
    private Part part;

    @Option(names = "--output", defaultValue = "features.csv",
            description = "The file: .csv or .npy (labels go to <name>.labels.npy). Default: ${DEFAULT-VALUE}.")
    private Path output;

    @Mixin
    private VerboseOption verbose;

    /** Creates the command (picocli instantiates it). */
    public FeaturesCommand() {
    }

    @Override
    public Integer call() throws IOException {
        Dbn dbn = model.load();
        DataOptions.Parts parts = data.load();
        DataSet source = part == Part.TEST ? parts.test() : parts.train();
        if (source == null) {
            throw new UserException("--part test, but " + parts.description() + " has no test part");
        }
        ModelOption.requireFits(dbn, source, parts.description());
        int l = layer == null ? dbn.depth() : layer;
        if (l < 0 || l > dbn.depth()) {
            throw new UserException("--layer " + l + " does not exist; the model has layers 0 (input) to " + dbn.depth());
        }
        DataSet features;
        try (Backend backend = backendOptions.create(); BoundDbn bound = dbn.bind(backend)) {
            features = bound.features(source, l);
        }
        String name = output.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npy")) {
            writeNpy(output, features.features(), features.rows(), features.cols());
            if (features.hasLabels()) {
                float[] labels = new float[features.rows()];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = features.label(i);
                }
                writeNpy(output.resolveSibling(name.substring(0, name.length() - 4) + ".labels.npy"), labels,
                        features.rows(), 1);
            }
        } else if (name.endsWith(".csv")) {
            writeCsv(output, features);
        } else {
            throw new UserException("--output must end in .csv or .npy, got " + output);
        }
        spec.commandLine().getOut().printf(Locale.ROOT, "dbn4j: wrote %d x %d features of layer %d to %s%n",
                features.rows(), features.cols(), l, output);
        return 0;
    }

    private static void writeCsv(Path file, DataSet features) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            StringBuilder header = new StringBuilder();
            for (int j = 0; j < features.cols(); j++) {
                header.append(j == 0 ? "" : ",").append('h').append(j);
            }
            w.write(header.append(features.hasLabels() ? ",label\n" : "\n").toString());
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < features.rows(); i++) {
                row.setLength(0);
                for (int j = 0; j < features.cols(); j++) {
                    row.append(j == 0 ? "" : ",").append(features.feature(i, j));
                }
                if (features.hasLabels()) {
                    row.append(',').append(features.label(i));
                }
                w.write(row.append('\n').toString());
            }
        }
    }

    /** NumPy's format 1.0: magic, version, header length, a dict padded to 64 bytes, then the data. */
    static void writeNpy(Path file, float[] values, int rows, int cols) throws IOException {
        String shape = cols == 1 ? "(" + rows + ",)" : "(" + rows + ", " + cols + ")";
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        int total = 10 + dict.length() + 1;
        int padding = (64 - total % 64) % 64;
        StringBuilder header = new StringBuilder(dict);
        header.append(" ".repeat(padding)).append('\n');
        ByteBuffer buffer = ByteBuffer.allocate(10 + header.length() + values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        buffer.putShort((short) header.length()).put(header.toString().getBytes(StandardCharsets.US_ASCII));
        for (float v : values) {
            buffer.putFloat(v);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(buffer.array());
        }
    }

    /** The values of {@code --part}. */
    enum Part {
        /** The training examples. */
        TRAIN,
        /** The held-out examples. */
        TEST;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
