package org.dbn4j.training;

import org.dbn4j.data.DataSet;
import org.dbn4j.datasets.Mnist10k;

/** Small slices of the embedded MNIST subset for fast DBN tests. */
final class DbnFixtures {

    static final DataSet TRAIN = Mnist10k.train().head(1500);
    static final DataSet VALIDATION = Mnist10k.test().head(500);

    private DbnFixtures() {
    }
}
