package org.dbn4j.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import picocli.CommandLine.Option;

/** The model file a command reads. */
public final class ModelOption {
    /** Creates the option; picocli fills it in. */
    public ModelOption() {
    }

    @Option(names = "--model", paramLabel = "FILE", required = true,
            description = "A model file written by dbn4j train (or by PyTorch: safetensors with the reference names).")
    private Path file;

    /**
     * Loads and validates the model.
     *
     * @return the model
     * @throws IOException if the file is missing, unreadable or not a valid model
     */
    Dbn load() throws IOException {
        return ModelFile.load(file);
    }

    /**
     * The file.
     *
     * @return the path
     */
    Path file() {
        return file;
    }

    /** Checks that the data fit the model: width, and labels within the model's classes. */
    static void requireFits(Dbn dbn, DataSet data, String what) {
        if (data.cols() != dbn.inputs()) {
            throw new UserException("the model takes " + dbn.inputs() + " features per example but " + what + " has "
                    + data.cols());
        }
        int classes = dbn.head() != null ? dbn.head().outputs() : dbn.labels() != null ? dbn.labels().classes() : -1;
        if (classes > 0 && data.hasLabels()) {
            for (int i = 0; i < data.rows(); i++) {
                if (data.label(i) >= classes) {
                    throw new UserException(what + ": the label " + data.label(i) + " of example " + (i + 1)
                            + " is out of range; the model knows " + classes + " classes (0 to " + (classes - 1) + ")");
                }
            }
        }
    }
}
