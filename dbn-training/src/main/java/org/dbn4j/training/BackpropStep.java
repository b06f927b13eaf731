package org.dbn4j.training;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.dbn4j.data.Augmentation;
import org.dbn4j.data.DataSet;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.train.Optimizer;
import org.dbn4j.training.internal.Divergence;
import org.dbn4j.training.internal.BackpropNetwork;
import org.dbn4j.train.StrategyState;

/** One minibatch of backpropagation on this machine, for the {@link TrainingLoop}. */
final class BackpropStep implements TrainingLoop.Step<Dbn>, AutoCloseable {
    private final Backend backend;
    private final Dbn start;
    private final BackpropNetwork net;
    private final Optimizer.State optimizer;
    private final DataSet train;
    private final Matrix targets;
    private final DataSet validation;
    private final float[] validationTargets;
    private final long seed;
    private final int frozenEpochs;
    private final Augmentation augmentation;
    private final int size;
    private final int batches;
    private final float[] scratch;
    private final boolean softmax;
    private int[] order;
    private RandomStream dropout;
    private int correct;

    BackpropStep(Backend backend, Dbn start, BackpropNetwork net, Optimizer.State optimizer, DataSet train, float[] targets,
                 DataSet validation, float[] validationTargets, int batchSize, int frozenEpochs, Augmentation augmentation,
                 long seed) {
        this.backend = backend;
        this.start = start;
        this.net = net;
        this.optimizer = optimizer;
        this.train = train;
        this.validation = validation;
        this.validationTargets = validationTargets;
        this.seed = seed;
        this.frozenEpochs = frozenEpochs;
        this.augmentation = augmentation;
        int n = train.rows();
        this.size = Math.min(batchSize, n);
        this.batches = (n + size - 1) / size;
        // Minibatches are gathered from the data set itself: no backend copy of the whole table.
        this.scratch = new float[size * train.cols()];
        this.targets = backend.matrix(n, start.head().outputs(), targets);
        this.softmax = start.head().kind() == Head.Kind.SOFTMAX;
    }

    @Override
    public int batches() {
        return batches;
    }

    @Override
    public void startEpoch(int epoch) {
        order = DataSet.permutation(train.rows(), TrainingSeeds.order(seed, epoch));
        dropout = backend.randomStream(TrainingSeeds.dropoutStream(seed, epoch));
        correct = 0;
    }

    @Override
    public TrainingLoop.Batch train(int epoch, int batch) {
        int from = batch * size;
        BackpropNetwork.Buffers buf = net.buffers(Math.min(size, train.rows() - from));
        if (augmentation == null) {
            train.gatherRows(order, from, buf.input, scratch);
        } else {
            train.gatherRows(order, from, buf.rows, scratch);
            augmentation.apply(scratch, buf.rows, train.cols(),
                    new SplittableRandom(TrainingSeeds.augmentation(seed, epoch, batch)));
            buf.input.copyFrom(scratch, 0);
        }
        backend.gatherRows(targets, order, from, buf.target);
        double loss = net.trainStep(buf, dropout, epoch < frozenEpochs, epoch, optimizer);
        if (softmax && Double.isFinite(loss)) {
            correct += net.correct(buf);
        }
        return new TrainingLoop.Batch(loss * buf.rows, buf.rows);
    }

    @Override
    public Dbn snapshot() {
        return net.snapshot(start);
    }

    @Override
    public Map<String, Double> epochMetrics(Dbn model) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (softmax) {
            metrics.put("accuracy", (double) correct / train.rows());
        }
        if (validation != null) {
            metrics.putAll(net.validationMetrics(validation, validationTargets));
        }
        return metrics;
    }

    @Override
    public StrategyState saveState() {
        return StrategyState.ofOptimizer(optimizer.saveState());
    }

    @Override
    public String likelyCause() {
        return Divergence.likelyCause(train, start.layer(0).spec(), optimizer.toString());
    }

    @Override
    public void close() {
        targets.close();
    }
}
