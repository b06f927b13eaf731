package org.dbn4j.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Floating-point operations done, reported by JMH as a rate: FLOP/ns is GFLOP/s. */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Flops {
    /** Floating-point operations done in the current iteration. */
    public long flop;

    /** Starts each iteration's count at zero. */
    @Setup(Level.Iteration)
    public void reset() {
        flop = 0;
    }
}
