package org.dbn4j.training;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.dbn4j.model.Dbn;
import org.dbn4j.train.TrainingDivergedException;
import org.dbn4j.train.TrainingEvent;
import org.dbn4j.train.TrainingListener;
import org.dbn4j.train.TrainingState;
import org.dbn4j.train.StrategyState;

/**
 * The epoch loop of every training in dbn4j: RBM pretraining, backpropagation and up-down
 * fine-tuning, locally and on Spark. A {@link Step} supplies the per-model work of one
 * minibatch (or one distributed round); the loop owns the epochs, the events, divergence
 * detection, early stopping, checkpoints and resume, so each of them exists once.
 *
 * <p>Divergence: a minibatch whose running metric is not finite, or an epoch that ends with a
 * parameter that is not finite, stops training with a {@link TrainingDivergedException} that
 * names the epoch, the minibatch and the step's likely cause, and holds the model of the last
 * clean epoch.
 *
 * <p>Checkpoints are written when the {@link Checkpoints} policy says so and when early stopping
 * ends the run; they hold the model, the step's state and the early-stopping record, so that a
 * run resumed from one continues as the uninterrupted run would.
 *
 * @param <M> the model type (an {@code Rbm} or a {@code Dbn})
 */
public final class TrainingLoop<M> {

    /**
     * The work of one kind of training, driven by the loop.
     *
     * @param <M> the model type
     */
    public interface Step<M> {
        /**
         * Minibatches (or rounds) per epoch.
         *
         * @return at least 1
         */
        int batches();

        /**
         * Prepares an epoch: its order of examples and its random streams.
         *
         * @param epoch the epoch, from 0
         */
        void startEpoch(int epoch);

        /**
         * Trains on one minibatch.
         *
         * @param epoch the epoch
         * @param batch the minibatch, from 0
         * @return the sum of the running metric over its examples, and their number (0 to skip)
         */
        Batch train(int epoch, int batch);

        /**
         * The model as it stands after an epoch.
         *
         * @return the model
         * @throws IllegalArgumentException naming a parameter that is not finite
         */
        M snapshot();

        /**
         * Metrics of a clean epoch beyond the running metric (validation scores and the like).
         *
         * @param model the model after the epoch
         * @return metrics by name, in order
         */
        default Map<String, Double> epochMetrics(M model) {
            return Map.of();
        }

        /**
         * The state of the step's strategies (optimiser moments, momentum, persistent chains), for
         * checkpoints.
         *
         * @return the arrays by owner (without the best parameters, which the loop adds)
         */
        default StrategyState saveState() {
            return StrategyState.NONE;
        }

        /**
         * The likely cause of a divergence, as a sentence for the user.
         *
         * @return the sentence
         */
        String likelyCause();
    }

    /**
     * What one minibatch contributed.
     *
     * @param metricSum the running metric summed over its examples
     * @param rows its examples; 0 when a round had nothing to train
     */
    public record Batch(double metricSum, int rows) {
    }

    /**
     * Stops when a validation score has not improved for a number of epochs, and returns the best
     * model seen.
     *
     * @param metric the metric in the epoch's metrics that scores a model
     * @param higherIsBetter true for accuracies, false for losses
     * @param patience epochs without improvement before stopping, at least 1
     */
    public record EarlyStopping(String metric, boolean higherIsBetter, int patience) {
        /**
         * Validates the rule.
         *
         * @param metric the metric
         * @param higherIsBetter the direction
         * @param patience the patience
         */
        public EarlyStopping {
            Objects.requireNonNull(metric, "metric");
            if (patience < 1) {
                throw new IllegalArgumentException("patience must be at least 1, got " + patience);
            }
        }
    }

    /**
     * How a checkpoint is made: the policy, the model file's view of the model, and the state's
     * phase, layer and facts.
     *
     * @param <M> the model type
     * @param policy where and how often
     * @param asModel the model to write for a model of the loop (for example the stack so far)
     * @param phase the training state's phase
     * @param layer the training state's layer
     * @param info facts written with every checkpoint
     */
    public record Checkpointing<M>(Checkpoints policy, Function<M, Dbn> asModel, String phase, int layer,
                                   Map<String, String> info) {
        /**
         * Validates the parts.
         *
         * @param policy the policy
         * @param asModel the view
         * @param phase the phase
         * @param layer the layer
         * @param info the facts
         */
        public Checkpointing {
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(asModel, "asModel");
            Objects.requireNonNull(phase, "phase");
            info = Map.copyOf(info);
        }
    }

    /**
     * Where an interrupted run resumes: the next epoch, and the early-stopping record a
     * checkpoint held.
     *
     * @param <M> the model type
     * @param nextEpoch the first epoch to run
     * @param best the best model so far, or null
     * @param bestScore its score
     * @param bestEpoch its epoch, or -1
     */
    public record Resume<M>(int nextEpoch, M best, double bestScore, int bestEpoch) {
    }

    private static final String BEST_SCORE = "best_score";
    private static final String BEST_EPOCH = "best_epoch";

    private final String stage;
    private final int epochs;
    private final String runningMetric;
    private final List<TrainingListener> listeners;
    private final EarlyStopping earlyStopping;
    private final Checkpointing<M> checkpointing;
    private final Function<M, Map<String, float[]>> bestValues;

    private TrainingLoop(Builder<M> b) {
        this.stage = b.stage;
        this.epochs = b.epochs;
        this.runningMetric = b.runningMetric;
        this.listeners = List.copyOf(b.listeners);
        this.earlyStopping = b.earlyStopping;
        this.checkpointing = b.checkpointing;
        this.bestValues = b.bestValues;
    }

    /**
     * A builder for a loop of a stage.
     *
     * @param <M> the model type
     * @param stage the stage's name in events and messages, for example {@code "fine-tuning"}
     * @param epochs the epochs the stage runs (the last epoch is {@code epochs - 1})
     * @param runningMetric the name of the metric that minibatches sum, for example {@code "loss"}
     * @return the builder
     */
    public static <M> Builder<M> builder(String stage, int epochs, String runningMetric) {
        return new Builder<>(stage, epochs, runningMetric);
    }

    /**
     * Configures a {@link TrainingLoop}.
     *
     * @param <M> the model type
     */
    public static final class Builder<M> {
        private final String stage;
        private final int epochs;
        private final String runningMetric;
        private final List<TrainingListener> listeners = new ArrayList<>();
        private EarlyStopping earlyStopping;
        private Checkpointing<M> checkpointing;
        private Function<M, Map<String, float[]>> bestValues;

        private Builder(String stage, int epochs, String runningMetric) {
            this.stage = Objects.requireNonNull(stage, "stage");
            this.epochs = epochs;
            this.runningMetric = Objects.requireNonNull(runningMetric, "runningMetric");
        }

        /**
         * Adds a listener of the loop's events.
         *
         * @param listener the listener, or null for none
         * @return this builder
         */
        public Builder<M> listener(TrainingListener listener) {
            if (listener != null) {
                listeners.add(listener);
            }
            return this;
        }

        /**
         * Adds listeners.
         *
         * @param all the listeners
         * @return this builder
         */
        public Builder<M> listeners(List<TrainingListener> all) {
            all.forEach(this::listener);
            return this;
        }

        /**
         * Stops early by a validation score.
         *
         * @param rule the rule, or null for none
         * @param values the parameters of a model by name, written as the best model into checkpoints
         * @return this builder
         */
        public Builder<M> earlyStopping(EarlyStopping rule, Function<M, Map<String, float[]>> values) {
            this.earlyStopping = rule;
            this.bestValues = values;
            return this;
        }

        /**
         * Writes checkpoints.
         *
         * @param how the checkpointing, or null for none
         * @return this builder
         */
        public Builder<M> checkpoints(Checkpointing<M> how) {
            this.checkpointing = how;
            return this;
        }

        /**
         * Builds the loop.
         *
         * @return the loop
         */
        public TrainingLoop<M> build() {
            return new TrainingLoop<>(this);
        }
    }

    /**
     * Runs the epochs from the first (0, or the resumed one) to the last.
     *
     * @param step the work
     * @param start the model before training, kept if the first epoch diverges
     * @param resume where to continue, or null to start at epoch 0
     * @return the best model with early stopping, else the model after the last epoch
     */
    public M run(Step<M> step, M start, Resume<M> resume) {
        int firstEpoch = resume == null ? 0 : resume.nextEpoch();
        M best = resume == null ? null : resume.best();
        double bestScore = best == null ? Double.NEGATIVE_INFINITY : resume.bestScore();
        int bestEpoch = best == null ? -1 : resume.bestEpoch();
        M lastGood = start;
        int batches = step.batches();
        for (int epoch = firstEpoch; epoch < epochs; epoch++) {
            publish(new TrainingEvent.EpochStarted(stage, epoch, epochs, batches));
            long t0 = System.nanoTime();
            step.startEpoch(epoch);
            double sum = 0;
            int seen = 0;
            for (int batch = 0; batch < batches; batch++) {
                Batch done = step.train(epoch, batch);
                if (done.rows() == 0) {
                    continue;
                }
                if (!Double.isFinite(done.metricSum())) {
                    throw diverged(step, epoch, batch, "the " + describe(runningMetric) + " of minibatch " + batch
                            + " is " + done.metricSum() / done.rows(), lastGood);
                }
                sum += done.metricSum();
                seen += done.rows();
                if (!listeners.isEmpty()) {
                    publish(new TrainingEvent.BatchFinished(stage, epoch, batch, batches,
                            Map.of(runningMetric, sum / seen)));
                }
            }
            M model;
            try {
                model = step.snapshot();
            } catch (IllegalArgumentException e) {
                throw diverged(step, epoch, batches - 1, "a parameter is not finite at the end of the epoch ("
                        + e.getMessage() + ")", lastGood);
            }
            lastGood = model;
            Map<String, Double> metrics = new LinkedHashMap<>();
            metrics.put(runningMetric, seen == 0 ? 0 : sum / seen);
            metrics.putAll(step.epochMetrics(model));
            boolean stop = false;
            if (earlyStopping != null) {
                Double value = metrics.get(earlyStopping.metric());
                if (value == null) {
                    throw new IllegalStateException("early stopping needs the metric " + earlyStopping.metric()
                            + ", which the epoch did not report (it reported " + metrics.keySet() + ")");
                }
                double score = earlyStopping.higherIsBetter() ? value : -value;
                if (score > bestScore) {
                    bestScore = score;
                    bestEpoch = epoch;
                    best = model;
                }
                stop = epoch - bestEpoch >= earlyStopping.patience();
            }
            publish(new TrainingEvent.EpochFinished(stage, epoch, epochs, (System.nanoTime() - t0) / 1e9, metrics));
            if (checkpointing != null && (checkpointing.policy().due(epoch, epochs) || stop)) {
                StrategyState values = step.saveState();
                Map<String, String> info = new LinkedHashMap<>(checkpointing.info());
                if (best != null) {
                    values = values.withBest(bestValues.apply(best));
                    info.put(BEST_SCORE, Double.toString(bestScore));
                    info.put(BEST_EPOCH, Integer.toString(bestEpoch));
                }
                TrainingState state = new TrainingState(checkpointing.phase(), checkpointing.layer(), epoch + 1, values,
                        info);
                checkpointing.policy().write(checkpointing.asModel().apply(model), state, stage, epoch,
                        listeners.isEmpty() ? null : this::publish);
            }
            if (stop) {
                break;
            }
        }
        return earlyStopping != null && best != null ? best : lastGood;
    }

    /**
     * The early-stopping record of a checkpoint, to resume with.
     *
     * @param <M> the model type
     * @param state the checkpoint's state
     * @param bestModel builds a model from the best parameters the checkpoint holds
     * @return where to resume
     */
    public static <M> Resume<M> resumeFrom(TrainingState state, Function<Map<String, float[]>, M> bestModel) {
        Map<String, float[]> best = state.strategies().best();
        if (best.isEmpty()) {
            return new Resume<>(state.nextEpoch(), null, Double.NEGATIVE_INFINITY, -1);
        }
        return new Resume<>(state.nextEpoch(), bestModel.apply(best), Double.parseDouble(state.info().get(BEST_SCORE)),
                Integer.parseInt(state.info().get(BEST_EPOCH)));
    }

    private static String describe(String metric) {
        return "reconstructionError".equals(metric) ? "reconstruction error" : metric;
    }

    private TrainingDivergedException diverged(Step<M> step, int epoch, int batch, String what, M lastGood) {
        String message = stage + " diverged in epoch " + epoch + ", minibatch " + batch + ": " + what + ". "
                + step.likelyCause() + " The model of the last clean epoch is kept.";
        publish(new TrainingEvent.DivergenceDetected(stage, epoch, batch, message));
        return new TrainingDivergedException(message, epoch, batch, lastGood);
    }

    private void publish(TrainingEvent event) {
        for (TrainingListener l : listeners) {
            l.onEvent(event);
        }
    }
}
