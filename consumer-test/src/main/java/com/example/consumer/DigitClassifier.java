package com.example.consumer;

import java.io.IOException;
import java.nio.file.Path;
import org.dbn4j.backend.Backends;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.tensor.Backend;

/**
 * An application's use of dbn4j: a model file in, classes out, on whichever backend
 * {@link Backends} finds (this build puts only cpu-simd on the class path, at runtime scope).
 */
public final class DigitClassifier implements AutoCloseable {

    private final Backend backend;
    private final BoundDbn net;

    /**
     * Loads a model file and binds it to the best available backend.
     *
     * @param modelFile a model written by {@code ./dbn4j train} or {@code ModelFile.save}
     * @throws IOException if the file cannot be read or is not a model
     */
    public DigitClassifier(Path modelFile) throws IOException {
        Dbn dbn = ModelFile.load(modelFile);
        this.backend = Backends.create();
        this.net = dbn.bind(backend);
    }

    /** @return the name of the backend the model runs on */
    public String backendName() {
        return backend.name();
    }

    /**
     * The class of each example.
     *
     * @param examples the inputs, one row each
     * @return one class per row
     */
    public int[] classify(DataSet examples) {
        return net.classify(examples);
    }

    /**
     * The share of labelled examples classified as their label.
     *
     * @param examples labelled inputs
     * @return the accuracy in [0, 1]
     */
    public double accuracy(DataSet examples) {
        return net.accuracy(examples);
    }

    @Override
    public void close() {
        net.close();
        backend.close();
    }
}
