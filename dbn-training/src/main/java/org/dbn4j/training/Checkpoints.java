package org.dbn4j.training;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.Dbn;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.TrainingState;

/**
 * Where and how often training writes checkpoints: every {@code every} epochs and at the end of
 * each stage, to {@value #FILE_NAME} in a directory, replaced atomically each time, so an
 * interruption leaves the last complete checkpoint. Resume with
 * {@link ModelFile#loadCheckpoint(Path)} and the trainer's {@code resume} method.
 *
 * @param directory where the checkpoint goes (created if missing)
 * @param every write after every this many epochs, at least 1
 */
public record Checkpoints(Path directory, int every) {

    /** The name of the checkpoint file in the directory. */
    public static final String FILE_NAME = "checkpoint.safetensors";

    /**
     * Validates the policy.
     *
     * @param directory the directory
     * @param every the interval in epochs
     */
    public Checkpoints {
        Objects.requireNonNull(directory, "directory");
        if (every < 1) {
            throw new IllegalArgumentException("checkpoints need an interval of at least one epoch, got " + every);
        }
    }

    /**
     * The checkpoint file.
     *
     * @return the path
     */
    public Path file() {
        return directory.resolve(FILE_NAME);
    }

    /**
     * Whether a checkpoint is due after an epoch of a stage.
     *
     * @param epoch the epoch just finished, from 0
     * @param epochs the epochs the stage runs
     * @return true every {@code every} epochs and after the last
     */
    public boolean due(int epoch, int epochs) {
        return (epoch + 1) % every == 0 || epoch + 1 == epochs;
    }

    /**
     * Writes a checkpoint atomically and tells the listener.
     *
     * @param model the model so far
     * @param state where training stands
     * @param stage the stage, for the event
     * @param epoch the epoch just finished
     * @param listener the listener, or null
     */
    public void write(Dbn model, TrainingState state, String stage, int epoch, TrainingListener listener) {
        try {
            Files.createDirectories(directory);
            ModelFile.save(new ModelFile.Checkpoint(model, state), file());
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the checkpoint " + file() + ": " + e.getMessage(), e);
        }
        if (listener != null) {
            listener.onEvent(new TrainingEvent.CheckpointWritten(stage, epoch, file()));
        }
    }
}
