package org.dbn4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.dbn4j.model.Dbn;
import org.dbn4j.model.Head;
import org.dbn4j.model.Rbm;

/** A DBN with its head as plain arrays, for shipping to executors. */
// The strategy and map fields hold serializable implementations (those of dbn-training, HashMap, ArrayList).
@SuppressWarnings("serial")
final class DbnParameters implements Serializable {
    private static final long serialVersionUID = 1L;

    private final List<RbmParameters> layers = new ArrayList<>();
    private final Head.Kind headKind;
    private final int headInputs;
    private final int headOutputs;
    private final float[] headWeight;
    private final float[] headBias;

    DbnParameters(Dbn dbn) {
        for (Rbm rbm : dbn.layers()) {
            layers.add(new RbmParameters(rbm));
        }
        Head h = dbn.head();
        headKind = h.kind();
        headInputs = h.inputs();
        headOutputs = h.outputs();
        headWeight = h.weight();
        headBias = h.bias();
    }

    Dbn toDbn() {
        List<Rbm> rbms = new ArrayList<>();
        for (RbmParameters p : layers) {
            rbms.add(p.toRbm());
        }
        return Dbn.of(rbms).withHead(new Head(headKind, headInputs, headOutputs, headWeight, headBias));
    }
}
