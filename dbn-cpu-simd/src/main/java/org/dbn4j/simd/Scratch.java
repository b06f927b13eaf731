package org.dbn4j.simd;

/** One thread's reusable buffers: GEMM packing space, random numbers and intermediate results. */
final class Scratch {
    final Gemm.Workspace gemm = new Gemm.Workspace();
    final float[] randoms = new float[Sampling.CHUNK];
    final float[] work = new float[Sampling.CHUNK];
}
