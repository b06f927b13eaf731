package org.dbn4j.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dbn4j.data.Augmentation;
import org.dbn4j.data.DataSet;
import org.dbn4j.io.ModelFile;
import org.dbn4j.model.BoundDbn;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.HiddenUnits;
import org.dbn4j.model.Standardization;
import org.dbn4j.model.VisibleUnits;
import org.dbn4j.tensor.Backend;
import org.dbn4j.train.GradientEstimator;
import org.dbn4j.train.Optimizer;
import org.dbn4j.train.Schedule;
import org.dbn4j.train.TrainingState;
import org.dbn4j.training.Adam;
import org.dbn4j.training.BackpropFineTuner;
import org.dbn4j.training.Checkpoints;
import org.dbn4j.training.ContrastiveDivergence;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.MomentumSgd;
import org.dbn4j.training.ParallelTempering;
import org.dbn4j.training.PersistentContrastiveDivergence;
import org.dbn4j.training.PretrainingLayer;
import org.dbn4j.training.SgdUpdate;
import org.dbn4j.training.UpDownFineTuner;
import org.dbn4j.training.eval.SampleQuality;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import org.dbn4j.train.FineTuner;
import org.dbn4j.train.Pretrainer;
import org.dbn4j.training.DbnPipeline;

/**
 * {@code dbn4j train}: pretrains a DBN greedily, fine-tunes it, prints its test accuracy (or for
 * {@code --task regression} its RMSE and R^2), and writes the model, its checkpoints and pictures
 * (filters, samples, training curves).
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a DBN: greedy pretraining, then fine-tuning; writes the model and pictures.",
            "Options may also come from --config FILE (JSON or YAML; keys are the long option names without"
                + " dashes); flags on the command line override the file."})
public final class TrainCommand implements Callable<Integer> {

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    private DataOptions data;

    @Mixin
    private BackendOptions backendOptions;

    @Option(names = "--config", paramLabel = "FILE", description = "A JSON or YAML file of options.")
    private Path config;

    @Option(names = "--recipe", defaultValue = "dbn4j",
            description = "The hyperparameters options left out take: dbn4j (momentum 0.5 then 0.9 and weight decay"
                    + " 2e-4 in pretraining; 30 fine-tuning epochs with hidden dropout 0.2 and images randomly moved, turned and scaled)"
                    + " or peer (the PyTorch reference's bare CD-1 and 20 epochs of Adam). Default: ${DEFAULT-VALUE}.")
    private Recipe recipe;

    @Option(names = "--layers", paramLabel = "SIZES", defaultValue = "500,500,2000",
            description = "Hidden layer sizes, bottom first. Default: ${DEFAULT-VALUE}.")
    private String layers;

    @Option(names = "--visible-units", defaultValue = "bernoulli",
            description = "Input units: bernoulli (values in [0, 1]) or gaussian (standardised). Default: ${DEFAULT-VALUE}.")
    private InputUnits visibleUnits;

    @Option(names = "--learned-variance", description = "With --visible-units gaussian: every input learns its own"
            + " variance (else each has variance 1).")
    private boolean learnedVariance;

    @Option(names = "--standardize", arity = "0..1", fallbackValue = "true", paramLabel = "BOOLEAN",
            description = "Standardise every input column with the training data's mean and deviation; the model"
                    + " keeps them and applies them to all later inputs. Default: on with gaussian visible units.")
    private Boolean standardize;

    @Option(names = "--task", defaultValue = "classification",
            description = "classification (class labels, softmax head) or regression (real-valued --target column,"
                    + " linear head; reports RMSE and R^2). Default: ${DEFAULT-VALUE}.")
    private Task task;

    @Option(names = "--hidden-units", defaultValue = "bernoulli",
            description = "Hidden units: bernoulli or noisy_relu. Default: ${DEFAULT-VALUE}.")
    private HiddenChoice hiddenUnits;

    @Option(names = "--estimator", defaultValue = "cd",
            description = "cd, pcd or pt (parallel tempering). Default: ${DEFAULT-VALUE}.")
    private EstimatorChoice estimator;

    @Option(names = "--gibbs-steps", defaultValue = "1", description = "k of CD-k / PCD-k. Default: ${DEFAULT-VALUE}.")
    private int gibbsSteps;

    @Option(names = "--chains", defaultValue = "100", description = "Persistent chains of pcd and pt. Default: ${DEFAULT-VALUE}.")
    private int chains;

    @Option(names = "--epochs", defaultValue = "10", description = "Pretraining epochs per layer. Default: ${DEFAULT-VALUE}.")
    private int epochs;

    @Option(names = "--learning-rate", defaultValue = "0.1", description = "Pretraining learning rate. Default: ${DEFAULT-VALUE}.")
    private double learningRate;

    @Option(names = "--momentum", description = "Pretraining momentum, the same in every epoch. Default: 0.5 for 5"
            + " epochs, then 0.9 (recipe peer: 0).")
    private Double momentum;

    @Option(names = "--weight-decay", description = "Pretraining L2 weight decay. Default: 0.0002 (recipe peer: 0).")
    private Double weightDecay;

    @Option(names = "--batch-size", defaultValue = "100", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    private int batchSize;

    @Option(names = "--fine-tune", defaultValue = "backprop",
            description = "backprop (softmax classifier), updown (generative, with labels) or none. Default: ${DEFAULT-VALUE}.")
    private FineTuning fineTune;

    @Option(names = "--fine-tune-epochs", description = "Fine-tuning epochs. Default: 30 (recipe peer: 20).")
    private Integer fineTuneEpochs;

    @Option(names = "--optimizer", defaultValue = "adam", description = "Backprop optimiser: adam or sgd. Default: ${DEFAULT-VALUE}.")
    private OptimizerChoice optimizer;

    @Option(names = "--fine-tune-rate", description = "Fine-tuning learning rate. Default: 0.001 for adam, 0.1 for sgd,"
            + " 0.01 for updown.")
    private Double fineTuneRate;

    @Option(names = "--dropout",
            description = "Backprop dropout of input and hidden units, as INPUT,HIDDEN. Default: 0,0.2 (recipe peer: 0,0).")
    private String dropout;

    @Option(names = "--augment", paramLabel = "SPEC",
            description = "Change every fine-tuning minibatch of images afresh: none, shifts:N (random shifts of up"
                    + " to N pixels) or affine:SHIFT,DEGREES,SCALE (random shifts, rotations and scaling). Default:"
                    + " affine:1,10,0.1 for images (the embedded digits, IDX files), else none (recipe peer: none).")
    private String augment;

    @Option(names = "--shifted-copies", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Fine-tune on square images and their four one-pixel shifts. Default: ${DEFAULT-VALUE}.")
    private boolean shifted;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of everything random. Default: ${DEFAULT-VALUE}.")
    private long seed;

    @Option(names = "--out", defaultValue = "dbn4j-out",
            description = "Directory for model.safetensors, the pictures, curves.csv and the checkpoint. Default: ${DEFAULT-VALUE}.")
    private Path out;

    @Option(names = "--checkpoint-dir", description = "Where checkpoints go. Default: <out>/checkpoint.")
    private Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "1", description = "Epochs between checkpoints. Default: ${DEFAULT-VALUE}.")
    private int checkpointEvery;

    @Option(names = "--resume", arity = "0..1", fallbackValue = "true", defaultValue = "false",
            description = "Continue from the checkpoint in the checkpoint directory, with the same options.")
    private boolean resume;

    @Option(names = "--pictures", arity = "0..1", fallbackValue = "true", defaultValue = "true",
            description = "Write filters.png, samples.png and curves.png. Default: ${DEFAULT-VALUE}.")
    private boolean pictures;

    @Option(names = "--sample-steps", paramLabel = "N", defaultValue = "10",
            description = "Gibbs steps in the top RBM for samples.png, from chains started at training digits (10 of"
                    + " each class). Default: ${DEFAULT-VALUE}.")
    private int sampleSteps;

    @Option(names = "--spark", paramLabel = "MASTER",
            description = "Pretrain and fine-tune data-parallel on Apache Spark: local[2], spark://host:7077, ...")
    private String spark;

    @Option(names = "--partitions", paramLabel = "N",
            description = "With --spark: partitions of the training set. Default: the master's parallelism.")
    private Integer partitions;

    @Option(names = "--spark-mode", defaultValue = "average",
            description = "With --spark: average (parameter averaging, fast) or sync (gradient averaging per global"
                    + " minibatch: local training's algorithm, but a Spark round per minibatch). Default: ${DEFAULT-VALUE}.")
    private SparkModeChoice sparkMode;

    @Option(names = "--average-every", paramLabel = "N", defaultValue = "20",
            description = "With --spark-mode average: local minibatches between averagings. Default: ${DEFAULT-VALUE}.")
    private int averageEvery;

    @Mixin
    private VerboseOption verbose;

    /** The factor on the clamped label in the per-class samples.png of an up-down model. */
    private static final double UPDOWN_LABEL_STRENGTH = 3;

    /** The hyperparameter sets of {@code --recipe}. */
    enum Recipe {
        /** The best this library knows on the embedded digits, chosen on a validation split. */
        DBN4J,
        /** The PyTorch reference script's: CD-1 with plain SGD, then 20 epochs of Adam. */
        PEER;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --visible-units}: the input layer's unit type. */
    enum InputUnits {
        /** Values in [0, 1]. */
        BERNOULLI,
        /** Standardised real values. */
        GAUSSIAN;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --hidden-units}. */
    enum HiddenChoice {
        /** Binary stochastic units. */
        BERNOULLI,
        /** Rectified linear units with Gaussian noise. */
        NOISY_RELU;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --task}. */
    enum Task {
        /** Class labels and a softmax head. */
        CLASSIFICATION,
        /** A real-valued target and a linear head. */
        REGRESSION;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --estimator}: how pretraining estimates the likelihood gradient. */
    enum EstimatorChoice {
        /** Contrastive divergence, CD-k. */
        CD,
        /** Persistent contrastive divergence. */
        PCD,
        /** Parallel tempering. */
        PT;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --fine-tune}. */
    enum FineTuning {
        /** Backpropagation through a softmax head. */
        BACKPROP,
        /** Generative up-down fine-tuning with label units. */
        UPDOWN,
        /** Pretraining only. */
        NONE;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --optimizer}: the backprop fine-tuning's optimiser. */
    enum OptimizerChoice {
        /** Adam. */
        ADAM,
        /** Stochastic gradient descent with momentum 0.9. */
        SGD;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The values of {@code --spark-mode}. */
    enum SparkModeChoice {
        /** Parameter averaging. */
        AVERAGE,
        /** Gradient averaging per global minibatch. */
        SYNC;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private boolean peer() {
        return recipe == Recipe.PEER;
    }

    private Schedule momentumSchedule() {
        return momentum != null ? Schedule.constant(momentum)
                : peer() ? Schedule.constant(0) : Schedule.step(0.5, 5, 0.9);
    }

    private double weightDecay() {
        return weightDecay != null ? weightDecay : peer() ? 0 : 0.0002;
    }

    private int fineTuneEpochs() {
        return fineTuneEpochs != null ? fineTuneEpochs : peer() ? 20 : 30;
    }

    private String dropout() {
        return dropout != null ? dropout : peer() ? "0,0" : "0,0.2";
    }

    /** The augmentation of fine-tuning minibatches, or null; explicit ones are checked against the data. */
    private Augmentation augmentation(DataOptions.Parts parts) {
        int cols = parts.train().cols();
        int side = (int) Math.round(Math.sqrt(cols));
        if (augment == null) {
            return peer() || !parts.images() || side * side != cols || spark != null || fineTune == FineTuning.UPDOWN
                    ? null : Augmentation.randomAffine(side, side, 1, 10, 0.1);
        }
        Augmentation a = parseAugmentation(augment, side);
        if (a != null && (side * side != cols || !parts.images())) {
            throw new UserException("--augment moves images, but " + parts.description() + " holds " + cols
                    + " features that are not read as square images (give IDX image files or --augment none)");
        }
        if (a != null && spark != null) {
            throw new UserException("--augment works in local fine-tuning only; with --spark give --shifted-copies");
        }
        return a;
    }

    static Augmentation parseAugmentation(String text, int side) {
        String spec = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (spec.equals("none")) {
                return null;
            }
            if (spec.startsWith("shifts:")) {
                return Augmentation.randomShifts(side, side, Integer.parseInt(spec.substring(7).trim()));
            }
            if (spec.startsWith("affine:")) {
                String[] p = spec.substring(7).split(",");
                if (p.length == 3) {
                    return Augmentation.randomAffine(side, side, Double.parseDouble(p[0]), Double.parseDouble(p[1]),
                            Double.parseDouble(p[2]));
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the usage message
        } catch (IllegalArgumentException e) {
            throw new UserException("--augment " + text + ": " + e.getMessage());
        }
        throw new UserException("--augment takes none, shifts:N or affine:SHIFT,DEGREES,SCALE (like affine:1,10,0.1),"
                + " got '" + text + "'");
    }

    /** Creates the command (picocli instantiates it). */
    public TrainCommand() {
    }

    @Override
    public Integer call() throws IOException {
        return run(spec.commandLine().getOut());
    }

    private Integer run(PrintWriter stdout) throws IOException {
        int[] sizes = parseSizes(layers);
        double[] drop = parseDropout(dropout());
        validate();
        if (task == Task.REGRESSION) {
            return regression(stdout, sizes, drop);
        }
        DataOptions.Parts parts = data.load();
        Augmentation augmentation = augmentation(parts);
        DataSet train = parts.train();
        DataSet test = parts.test();
        if (fineTune != FineTuning.NONE) {
            if (!train.hasLabels()) {
                throw new UserException("--fine-tune " + fineTune + " needs labels, but " + parts.description()
                        + " has none (give --label-column, or --fine-tune none)");
            }
        }
        Files.createDirectories(out);
        Path checkpoints = checkpointDir != null ? checkpointDir : out.resolve("checkpoint");
        Checkpoints policy = new Checkpoints(checkpoints, checkpointEvery);
        ProgressReporter progress = new ProgressReporter(System.err, ProgressReporter.onTerminal());
        AtomicBoolean finished = new AtomicBoolean();
        Thread hook = new Thread(() -> {
            if (!finished.get()) {
                System.err.println();
                System.err.println("dbn4j: interrupted. " + (Files.exists(policy.file())
                        ? "The last checkpoint, " + policy.file() + ", is intact; resume with the same command and"
                                + " --resume."
                        : "No checkpoint was written yet."));
            }
        }, "dbn4j-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        try (Backend backend = backendOptions.create()) {
            stdout.printf(Locale.ROOT, "dbn4j: %s, %d training and %s test examples of %d features; backend %s%n",
                    parts.description(), train.rows(), test == null ? "no" : Integer.toString(test.rows()), train.cols(),
                    backend);
            SparkTraining sparkTraining = null;
            if (spark != null) {
                if (averageEvery < 1 || (partitions != null && partitions < 1)) {
                    throw new UserException("--average-every and --partitions must be at least 1");
                }
                sparkTraining = SparkTraining.start(spark, partitions == null ? 0 : partitions,
                        sparkMode == SparkModeChoice.AVERAGE, averageEvery, backendOptions.name(), stdout);
            }
            try {
                return train(backend, stdout, train, test, sizes, drop, augmentation, policy, progress, finished,
                        sparkTraining);
            } finally {
                if (sparkTraining != null) {
                    sparkTraining.close();
                }
            }
        } finally {
            finished.set(true);
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down
            }
        }
    }

    private Integer regression(PrintWriter stdout, int[] sizes, double[] drop) throws IOException {
        if (spark != null || resume || fineTune != FineTuning.BACKPROP) {
            throw new UserException("--task regression fine-tunes a linear head by backprop, locally; it takes"
                    + " neither --spark, --resume nor --fine-tune " + fineTune);
        }
        DataOptions.RegressionParts parts = data.loadRegression();
        Files.createDirectories(out);
        Checkpoints policy = new Checkpoints(checkpointDir != null ? checkpointDir : out.resolve("checkpoint"),
                checkpointEvery);
        ProgressReporter progress = new ProgressReporter(System.err, ProgressReporter.onTerminal());
        try (Backend backend = backendOptions.create()) {
            return new RegressionTraining(pretrainer(sizes, policy, progress), backprop(drop, null, policy, progress),
                    standardizesInputs(), out).run(backend, parts, stdout);
        }
    }

    private boolean standardizesInputs() {
        return standardize != null ? standardize : visibleUnits == InputUnits.GAUSSIAN;
    }

    private Integer train(Backend backend, PrintWriter stdout, DataSet rawTrain, DataSet test, int[] sizes,
                          double[] drop, Augmentation augmentation, Checkpoints policy, ProgressReporter progress,
                          AtomicBoolean finished,
                          SparkTraining sparkTraining) throws IOException {
        {
            // Standardised data train the model; the model keeps the standardisation, so that it
            // is given raw inputs from here on (the test accuracy below included).
            Standardization scaling = standardizesInputs() ? Standardization.fit(rawTrain) : null;
            DataSet train = scaling == null ? rawTrain : scaling.apply(rawTrain);
            GreedyPretrainer local = pretrainer(sizes, policy, progress);
            FineTuner localTuning = fineTuner(drop, augmentation, policy, progress);
            Pretrainer pretrainer = sparkTraining != null ? sparkTraining.pretrainer(local, progress, policy) : local;
            FineTuner tuning = localTuning == null || sparkTraining == null ? localTuning
                    : sparkTraining.fineTuner(localTuning, progress, policy);
            // Up-down fine-tuning is generative: the shifted copies are for a classifier's invariance.
            boolean generativeTuning = localTuning instanceof UpDownFineTuner;
            DataSet fineTuneData = shifted && !generativeTuning ? shifted(train) : train;
            DbnPipeline pipeline = new DbnPipeline(pretrainer, tuning);
            long t0 = System.nanoTime();
            ModelFile.Checkpoint checkpoint = resume ? loadCheckpoint(policy) : null;
            DbnPipeline.Result result;
            if (checkpoint == null) {
                result = pipeline.train(backend, train, fineTuneData, null);
            } else {
                TrainingState state = checkpoint.state();
                if (TrainingState.FINE_TUNING.equals(state.phase())) {
                    if (tuning == null) {
                        throw new UserException("--resume: " + policy.file() + " is a checkpoint of fine-tuning, but"
                                + " --fine-tune is none; give the --fine-tune of the run that wrote it");
                    }
                    stdout.println("dbn4j: resuming fine-tuning at epoch " + (state.nextEpoch() + 1));
                } else {
                    stdout.println("dbn4j: resuming pretraining of RBM " + (state.layer() + 1) + " at epoch "
                            + (state.nextEpoch() + 1));
                }
                result = pipeline.resume(backend, train, fineTuneData, null, checkpoint);
            }
            Dbn dbn = result.model().withInputScaling(scaling);
            Dbn generative = generativeTuning ? dbn
                    : result.pretrained() == null ? null : result.pretrained().withInputScaling(scaling);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Path model = out.resolve("model.safetensors");
            ModelFile.save(dbn, model);
            finished.set(true);
            stdout.printf(Locale.ROOT, "dbn4j: trained %s in %.1f s; wrote %s%n", dbn, seconds, model);
            try (BoundDbn bound = dbn.bind(backend)) {
                if (test != null && test.hasLabels() && (dbn.head() != null || dbn.labels() != null)) {
                    stdout.printf(Locale.ROOT, "dbn4j: test accuracy %.2f%% (%d examples)%n",
                            100 * bound.accuracy(test), test.rows());
                }
                if (pictures) {
                    // Backprop turns the weights into a classifier's; the pretrained stack is the
                    // generative model whose filters and samples are worth looking at.
                    BoundDbn judge = dbn.head() != null && dbn.head().kind() == Head.Kind.SOFTMAX ? bound : null;
                    if (generative != null && generative != dbn) {
                        try (BoundDbn g = generative.bind(backend)) {
                            writePictures(g, judge, rawTrain, progress.curves(), stdout);
                        }
                    } else {
                        writePictures(bound, judge, rawTrain, progress.curves(), stdout);
                    }
                }
            }
            return 0;
        }
    }

    private void validate() {
        if (epochs < 1 || fineTuneEpochs() < 1 || batchSize < 1 || gibbsSteps < 1 || chains < 1 || checkpointEvery < 1
                || sampleSteps < 1) {
            throw new UserException("--epochs, --fine-tune-epochs, --batch-size, --gibbs-steps, --chains,"
                    + " --checkpoint-every and --sample-steps must be at least 1");
        }
        if (!(learningRate > 0) || (fineTuneRate != null && !(fineTuneRate > 0))) {
            throw new UserException("learning rates must be positive");
        }
        if (learnedVariance && visibleUnits != InputUnits.GAUSSIAN) {
            throw new UserException("--learned-variance needs --visible-units gaussian");
        }
    }

    static int[] parseSizes(String text) {
        String[] parts = text.split(",");
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                sizes[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserException("--layers takes hidden layer sizes like 500,500,2000; '" + parts[i]
                        + "' is not a whole number");
            }
            if (sizes[i] < 1) {
                throw new UserException("--layers: a layer needs at least one unit, got " + sizes[i]);
            }
        }
        return sizes;
    }

    private static double[] parseDropout(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw new UserException("--dropout takes INPUT,HIDDEN probabilities like 0.2,0.5, got '" + text + "'");
        }
        double[] p = new double[2];
        for (int i = 0; i < 2; i++) {
            try {
                p[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new UserException("--dropout: '" + parts[i] + "' is not a number");
            }
            if (!(p[i] >= 0 && p[i] < 1)) {
                throw new UserException("--dropout probabilities lie in [0, 1), got " + p[i]);
            }
        }
        return p;
    }

    private GreedyPretrainer pretrainer(int[] sizes, Checkpoints policy, ProgressReporter progress) {
        GreedyPretrainer.Builder b = GreedyPretrainer.builder().seed(seed).listener(progress).checkpoints(policy)
                .inputUnits(VisibleUnits.valueOf(visibleUnits.name()), learnedVariance)
                .provenance("command", "dbn4j " + String.join(" ", spec.commandLine().getParseResult()
                        .originalArgs()));
        for (int h : sizes) {
            b.layer(new PretrainingLayer(h, HiddenUnits.valueOf(hiddenUnits.name()), estimator(),
                    SgdUpdate.builder().learningRate(Schedule.constant(learningRate)).momentum(momentumSchedule())
                            .l2(weightDecay()).build(), epochs, batchSize));
        }
        return b.build();
    }

    private GradientEstimator estimator() {
        return switch (estimator) {
            case PCD -> new PersistentContrastiveDivergence(gibbsSteps, chains);
            case PT -> new ParallelTempering(ParallelTempering.linearLadder(5, 0.8), chains);
            case CD -> new ContrastiveDivergence(gibbsSteps);
        };
    }

    /** The fine-tuning the options ask for, or null for none. */
    private FineTuner fineTuner(double[] drop, Augmentation augmentation, Checkpoints policy, ProgressReporter progress) {
        return switch (fineTune) {
            case UPDOWN -> UpDownFineTuner.builder().epochs(fineTuneEpochs()).rate(fineTuneRate == null ? 0.01 : fineTuneRate)
                    .batchSize(batchSize).seed(seed).listener(progress).checkpoints(policy).build();
            case NONE -> null;
            case BACKPROP -> backprop(drop, augmentation, policy, progress).build();
        };
    }

    private BackpropFineTuner.Builder backprop(double[] drop, Augmentation augmentation, Checkpoints policy,
                                               ProgressReporter progress) {
        Optimizer o = optimizer == OptimizerChoice.SGD
                ? MomentumSgd.of(fineTuneRate == null ? 0.1 : fineTuneRate, 0.9)
                : Adam.of(fineTuneRate == null ? 1e-3 : fineTuneRate);
        return BackpropFineTuner.builder().optimizer(o).epochs(fineTuneEpochs()).batchSize(batchSize)
                .dropout(drop[0], drop[1]).augmentation(augmentation).seed(seed).listener(progress).checkpoints(policy);
    }

    private static ModelFile.Checkpoint loadCheckpoint(Checkpoints policy) throws IOException {
        if (!Files.exists(policy.file())) {
            throw new UserException("--resume: there is no checkpoint at " + policy.file());
        }
        return ModelFile.loadCheckpoint(policy.file());
    }

    private static DataSet shifted(DataSet train) {
        int side = (int) Math.round(Math.sqrt(train.cols()));
        if (side * side != train.cols()) {
            throw new UserException("--shifted-copies needs square images; " + train.cols() + " features are not a"
                    + " square number of pixels");
        }
        return DataSet.concat(train, train.translate(side, side, 1, 0), train.translate(side, side, -1, 0),
                train.translate(side, side, 0, 1), train.translate(side, side, 0, -1));
    }

    private void writePictures(BoundDbn bound, BoundDbn judge, DataSet train, Pictures.Curves curves,
                               PrintWriter stdout) throws IOException {
        int side = (int) Math.round(Math.sqrt(train.cols()));
        boolean square = side * side == train.cols();
        if (square) {
            float[] w = bound.model().layer(0).weights();
            int n = Math.min(100, bound.model().layer(0).hidden());
            Pictures.grid(w, n, side, side, 10, true, 2, out.resolve("filters.png"));
            int labelled = bound.model().labels() == null ? 0 : bound.model().labels().classes();
            DataSet samples;
            // The top RBM mixes slowly: chains started from training digits of every class keep
            // every class, where chains from a random start fall into a few modes.
            int[] starts = train.balancedRows(100, seed);
            if (labelled > 0) {
                // Each row asks for one class from chains that start at digits of every class, the
                // label's input tripled so that the chains keep to it (BoundDbn.generate).
                DataSet[] rows = new DataSet[labelled];
                for (int c = 0; c < labelled; c++) {
                    int[] mine = new int[Math.min(10, starts.length)];
                    for (int i = 0; i < mine.length; i++) {
                        mine[i] = starts[(i * 10 + c) % starts.length];
                    }
                    rows[c] = bound.generateFrom(train.subset(mine), sampleSteps, c, UPDOWN_LABEL_STRENGTH, seed + c);
                }
                samples = DataSet.concat(rows);
            } else {
                samples = bound.generateFrom(train.subset(starts), sampleSteps, -1, seed);
            }
            if (judge != null && judge.model().inputs() == samples.cols()) {
                stdout.println("dbn4j: samples.png, judged by the fine-tuned classifier: "
                        + SampleQuality.of(judge, samples));
            }
            // Bernoulli inputs are intensities in [0, 1]; real-valued ones are shown by their own range.
            boolean realValued = bound.model().layer(0).spec().visibleUnits() == VisibleUnits.GAUSSIAN;
            Pictures.grid(samples.features(), samples.rows(), side, side, 10, realValued, 2, out.resolve("samples.png"));
        }
        if (!curves.isEmpty()) {
            curves.writeCsv(out.resolve("curves.csv"));
            curves.writePng(out.resolve("curves.png"));
        }
        stdout.println("dbn4j: wrote " + (square ? "filters.png, samples.png, " : "") + "curves.png and curves.csv to "
                + out);
    }
}
