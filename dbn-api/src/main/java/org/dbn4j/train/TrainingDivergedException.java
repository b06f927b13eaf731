package org.dbn4j.train;

/**
 * Training met a NaN or an infinity; the message names the stage, epoch and minibatch and the
 * likely cause, and {@link #lastGoodModel()} holds the parameters of the last epoch that finished
 * cleanly.
 */
public class TrainingDivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Object lastGoodModel;
    private final int epoch;
    private final int batch;

    /**
     * Creates the exception.
     *
     * @param message where it happened and the likely cause
     * @param epoch the epoch, from 0
     * @param batch the minibatch, from 0
     * @param lastGoodModel the model after the last clean epoch (or the initial model)
     */
    public TrainingDivergedException(String message, int epoch, int batch, Object lastGoodModel) {
        super(message);
        this.epoch = epoch;
        this.batch = batch;
        this.lastGoodModel = lastGoodModel;
    }

    /**
     * The epoch in which training diverged.
     *
     * @return the epoch, from 0
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The minibatch in which training diverged.
     *
     * @return the minibatch, from 0
     */
    public int batch() {
        return batch;
    }

    /**
     * The model after the last epoch that finished cleanly, or the initial model.
     *
     * @param <T> the model type ({@code Rbm} for RBM training)
     * @return the model
     */
    @SuppressWarnings("unchecked")
    public <T> T lastGoodModel() {
        return (T) lastGoodModel;
    }
}
