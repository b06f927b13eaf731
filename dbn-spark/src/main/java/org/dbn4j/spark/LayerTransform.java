package org.dbn4j.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.model.Rbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;
import org.dbn4j.tensor.RandomStream;
import org.dbn4j.training.GreedyPretrainer;
import org.dbn4j.training.TrainingSeeds;

/** How greedy pretraining on Spark passes the data up from one trained RBM to the next, on the executors. */
final class LayerTransform {

    private LayerTransform() {
    }

    /**
     * The next layer's data: hidden probabilities (or, with sampled states, samples) of every
     * example, computed and cached on the executors. Partition p samples from its own stream,
     * partition 0 from the one local pretraining uses, so a retried or recomputed block repeats
     * its draws.
     */
    static SparkData next(JavaSparkContext context, GreedyPretrainer settings, String executorBackend,
                          int threadsPerTask, SparkData current, SparkData input, Rbm rbm, int layer,
                          List<Broadcast<?>> broadcasts) {
        Broadcast<RbmParameters> parameters = context.broadcast(new RbmParameters(rbm));
        String backendName = executorBackend;
        int threads = threadsPerTask;
        int hidden = rbm.hidden();
        boolean sampled = settings.sampledStates();
        long streamSeed = settings.transformSeed(layer);
        JavaRDD<RowBlock> blocks = current.blocks().mapPartitionsWithIndex((Integer p, Iterator<RowBlock> it) -> {
            Backend backend = ExecutorSide.backend(backendName, threads);
            RandomStream random = sampled
                    ? backend.randomStream(p == 0 ? streamSeed : TrainingSeeds.mix(streamSeed, p, 0x5EED)) : null;
            List<RowBlock> out = new ArrayList<>();
            while (it.hasNext()) {
                out.add(hiddenLayer(it.next(), parameters.value(), backend, random));
            }
            return out.iterator();
        }, true).persist(StorageLevel.MEMORY_AND_DISK());
        blocks.count();
        // The cached blocks' lineage refers to the broadcast (for recomputing a lost block), so it
        // lives until the run ends.
        broadcasts.add(parameters);
        if (current != input) {
            current.unpersist();
        }
        return current.withBlocks(hidden, blocks);
    }

    private static RowBlock hiddenLayer(RowBlock block, RbmParameters parameters, Backend backend, RandomStream random) {
        int h = parameters.hidden;
        float[] out = new float[block.rows * h];
        int chunk = GreedyPretrainer.TRANSFORM_BLOCK;
        try (BoundRbm bound = parameters.toRbm().bind(backend)) {
            for (int from = 0; from < block.rows; from += chunk) {
                int rows = Math.min(chunk, block.rows - from);
                try (Matrix x = backend.matrix(rows, block.cols); Matrix y = backend.matrix(rows, h)) {
                    x.copyFrom(block.features, from * block.cols);
                    if (random != null) {
                        bound.sampleHidden(random, x, y);
                    } else {
                        bound.hiddenMeans(x, y);
                    }
                    y.copyTo(out, from * h);
                }
            }
        }
        return new RowBlock(out, block.rows, h, block.labels);
    }
}
