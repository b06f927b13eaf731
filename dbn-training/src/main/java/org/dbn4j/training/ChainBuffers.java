package org.dbn4j.training;

import java.util.HashMap;
import java.util.Map;
import org.dbn4j.model.BoundRbm;
import org.dbn4j.tensor.Backend;
import org.dbn4j.tensor.Matrix;

/**
 * Matrices for the Gibbs steps of one minibatch size, kept so that a training loop allocates
 * nothing per minibatch (a run has at most two sizes: full batches and the last one).
 */
final class ChainBuffers implements AutoCloseable {
    final Matrix hiddenMeans;
    final Matrix hiddenSamples;
    final Matrix visible;
    final Matrix negativeHidden;
    final Matrix difference;

    private ChainBuffers(Backend b, int rows, int visibleUnits, int hiddenUnits) {
        hiddenMeans = b.matrix(rows, hiddenUnits);
        hiddenSamples = b.matrix(rows, hiddenUnits);
        visible = b.matrix(rows, visibleUnits);
        negativeHidden = b.matrix(rows, hiddenUnits);
        difference = b.matrix(rows, visibleUnits);
    }

    /** Buffers per row count, created on first use. */
    static final class BySize implements AutoCloseable {
        private final Map<Integer, ChainBuffers> bySize = new HashMap<>();
        private final BoundRbm rbm;

        BySize(BoundRbm rbm) {
            this.rbm = rbm;
        }

        ChainBuffers get(int rows) {
            return bySize.computeIfAbsent(rows, n -> new ChainBuffers(rbm.backend(), n, rbm.spec().visible(),
                    rbm.spec().hidden()));
        }

        @Override
        public void close() {
            bySize.values().forEach(ChainBuffers::close);
            bySize.clear();
        }
    }

    @Override
    public void close() {
        hiddenMeans.close();
        hiddenSamples.close();
        visible.close();
        negativeHidden.close();
        difference.close();
    }
}
