package org.dbn4j.train;

/** Receives training events; called on the training thread, so it should return quickly. */
@FunctionalInterface
public interface TrainingListener {

    /**
     * Handles one event.
     *
     * @param event what happened
     */
    void onEvent(TrainingEvent event);
}
