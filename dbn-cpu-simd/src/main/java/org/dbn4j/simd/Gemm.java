package org.dbn4j.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.dbn4j.tensor.Activation;

/**
 * Blocked single-precision matrix product on the Vector API.
 *
 * <p>It computes {@code C = alpha A' B' + beta C} for a row-major {@code C}, where {@code A'}
 * ({@code m x k}) and {@code B'} ({@code k x n}) may each lie in memory row by row or column by
 * column: the four transpose combinations.
 *
 * <p>The loop nest is the Goto/BLIS one: a {@code KC x NC} block of {@code B'} is packed into
 * strips {@code NR} wide (transposed in 8 x NR blocks when {@code B'} is stored by columns; strip
 * by strip, just before use, when one block of {@code A'} covers all rows of C), an
 * {@code MC x KC} block of {@code A'} is packed into panels {@code MR} tall (or read in place
 * when that is cheaper), and a register-tiled micro-kernel
 * computes {@code MR x NR} tiles ({@code MR} rows by two vectors) with fused multiply-adds.
 * Edge tiles run the same kernel on zero-padded panels; only their write-back is narrower.
 *
 * <p>The vector width and the tile height come from {@link KernelShape}: 8 rows with 32 vector
 * registers (AVX-512, NEON), 5 with 16 (AVX2). The loop nest and the packing are the same for
 * every shape; only these constants differ.
 */
final class Gemm {

    static final VectorSpecies<Float> S = KernelShape.SPECIES;
    /** Floats per vector. */
    static final int V = S.length();
    /** Rows of a register tile, chosen for the register file (see {@link KernelShape#TILE_ROWS}). */
    static final int MR = KernelShape.TILE_ROWS;
    /** Columns of a register tile: two vectors. */
    static final int NR = 2 * V;
    /**
     * Steps of the depth per iteration of the micro-kernels' loop: two for tiles of up to five
     * rows, one for taller ones (see the note on the micro-kernels).
     */
    static final int STEPS = MR > 5 ? 1 : 2;
    /**
     * Greatest depth of a packed block. Deep blocks mean few passes over C, and each pass after
     * the first must read C back from memory, which the kernel waits for: a depth of 2048
     * instead of 512 took a 2048^3 product from 183 to 195-200 GFLOP/s on one core here.
     */
    static final int KC = 2048;
    /** Floats of a packed block of A' (384 KB): it stays in L2 while the B' strips go by. */
    static final int A_BLOCK = 98304;
    /** Most rows of a packed block of A'; more measured no faster for the shallow products of an RBM. */
    static final int MC_MAX = 144;
    /** Columns of a packed block of B'. */
    static final int NC = 1024;
    /** From this many columns of C' on, packing A' pays for itself; below, A' is read in place. */
    static final int PACK_A_MIN_N = 256;
    /**
     * Up to this many rows of C, a row-stored B' is read in place rather than packed: few row
     * panels reuse each strip, so copying it costs more than it saves.
     */
    static final int DIRECT_B_MAX_M = 128;

    /*
     * The kernels write their accumulators to the scratch tile, and writeTile applies alpha,
     * beta, the bias and the activation on the way to C. Writing full tiles to C from the
     * accumulators (with 32 registers) took a 100-deep weight gradient from 160-190 to 185-210
     * GFLOP/s with 512-bit vectors on one host, but the longer kernel was near C2's node-count
     * cutoff: in about one test JVM of six, a kernel compiled with both write paths live passed it
     * and boxed its vectors for good (4 KB per product). Without it the weight gradient measured
     * 94-98 against 99 GFLOP/s on a slower host, the other products the same.
     */

    /**
     * Whether transposed strips are packed with in-register V x V transposes: from JDK 25 on
     * (see {@link TransposeBlocks}).
     */
    static final boolean VECTOR_TRANSPOSE = Runtime.version().feature() >= 25;

    private Gemm() {
    }

    /** Per-thread packing buffers and the register tile's spill area; reused across calls. */
    static final class Workspace {
        final float[] packedA = new float[A_BLOCK];
        /** Grows to the largest block met (at most KC x NC floats, 8 MB), then is reused. */
        float[] packedB = new float[0];
        final float[] tile = new float[MR * NR];

        float[] packedB(int size) {
            if (packedB.length < size) {
                packedB = new float[size];
            }
            return packedB;
        }
    }

    /**
     * The depth a packed panel or strip is laid out with, and the kernels run: {@code kc}
     * rounded up to even, the extra step zero.
     */
    static int evenDepth(int kc) {
        return kc + (kc & 1);
    }

    /** Rows of a packed block of A' for a depth of {@code kc}: as many as fit {@link #A_BLOCK}, in whole panels. */
    static int blockRows(int kc) {
        return Math.max(MR, Math.min(MC_MAX / MR * MR, A_BLOCK / kc / MR * MR));
    }

    /**
     * Packs a full strip of a column-stored B': row {@code p} of the strip is element {@code p}
     * of NR consecutive rows of {@code b}. With {@link #VECTOR_TRANSPOSE}, whole V-step blocks
     * are transposed in registers. Otherwise, and for the steps left over, eight steps of a row
     * are read at once and written eight strip rows apart, which measured faster than gathers or
     * a plain element loop.
     */
    private static void packTransposedStrip(float[] b, int src, int ldb, int kc, float[] dst, int base) {
        int p0 = VECTOR_TRANSPOSE ? TransposeBlocks.packBlocks(b, src, ldb, kc, dst, base) : 0;
        for (; p0 + 8 <= kc; p0 += 8) {
            for (int jj = 0; jj < NR; jj++) {
                int s = src + jj * ldb + p0;
                int d = base + p0 * NR + jj;
                float x0 = b[s];
                float x1 = b[s + 1];
                float x2 = b[s + 2];
                float x3 = b[s + 3];
                float x4 = b[s + 4];
                float x5 = b[s + 5];
                float x6 = b[s + 6];
                float x7 = b[s + 7];
                dst[d] = x0;
                dst[d + NR] = x1;
                dst[d + 2 * NR] = x2;
                dst[d + 3 * NR] = x3;
                dst[d + 4 * NR] = x4;
                dst[d + 5 * NR] = x5;
                dst[d + 6 * NR] = x6;
                dst[d + 7 * NR] = x7;
            }
        }
        for (; p0 < kc; p0++) {
            for (int jj = 0; jj < NR; jj++) {
                dst[base + p0 * NR + jj] = b[src + jj * ldb + p0];
            }
        }
    }

    /** One product in kernel coordinates; mutable so that a backend reuses one per thread. */
    static final class Product {
        float[] a;
        int aOffset;
        int lda;
        /** A'(i, p) is {@code a[aOffset + p * lda + i]} when true, {@code a[aOffset + i * lda + p]} when false. */
        boolean aByColumns;
        float[] b;
        int bOffset;
        int ldb;
        /** B'(p, j) is {@code b[bOffset + j * ldb + p]} when true, {@code b[bOffset + p * ldb + j]} when false. */
        boolean bByColumns;
        float[] c;
        int ldc;
        int m;
        int n;
        int k;
        float alpha;
        float beta;
        /** Added to every row of C at the end, or null. */
        float[] bias;
        /** Applied element-wise at the end. */
        Activation activation = Activation.IDENTITY;

        void set(float[] a, int lda, boolean aByColumns, float[] b, int ldb, boolean bByColumns, float[] c, int m,
                 int n, int k, float alpha, float beta) {
            this.a = a;
            this.aOffset = 0;
            this.lda = lda;
            this.aByColumns = aByColumns;
            this.b = b;
            this.bOffset = 0;
            this.ldb = ldb;
            this.bByColumns = bByColumns;
            this.c = c;
            this.ldc = n;
            this.m = m;
            this.n = n;
            this.k = k;
            this.alpha = alpha;
            this.beta = beta;
            this.bias = null;
            this.activation = Activation.IDENTITY;
        }
    }

    /**
     * Computes the rows {@code [i0, i1)} and columns {@code [j0, j1)} of {@code C}.
     */
    static void compute(Product pr, int i0, int i1, int j0, int j1, Workspace ws, float[] work) {
        int k = pr.k;
        // Decided on the whole product, not this part, so that every part runs the same kernel.
        boolean packA = pr.aByColumns || pr.n >= PACK_A_MIN_N;
        // Rows a power-of-two multiple apart would fall into the same cache sets: pack those.
        boolean directB = !pr.bByColumns && pr.m <= DIRECT_B_MAX_M && (pr.ldb & 1023) != 0;
        // Equal depths: a 2100-deep product runs as 1050 + 1050, not as 2048 + 52.
        int passes = Math.max(1, (k + KC - 1) / KC);
        int depth = Math.max(1, (k + passes - 1) / passes);
        int rowsPerBlock = blockRows(evenDepth(depth));
        // When this part's rows fit one block of A', each strip of B' is used by one block only:
        // it is packed just before its tiles, while they still find it in L1, rather than with
        // the whole block up front, which for a 1024-wide block meant a trip out to L3 and back
        // (7% of a 500-2000 RBM's up pass).
        boolean stripByStrip = i1 - i0 <= rowsPerBlock;
        float[] packedB = ws.packedB(evenDepth(depth) * (stripByStrip ? NR : (Math.min(NC, j1 - j0) + NR - 1) / NR * NR));
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += depth) {
                int kc = Math.min(depth, k - pc);
                boolean first = pc == 0;
                boolean last = pc + kc == k;
                // An odd depth is packed with a zero step after the last, operands in place
                // included, so that the kernels always run whole pairs of steps.
                boolean odd = (kc & 1) != 0;
                boolean packAHere = packA || odd;
                boolean directBHere = directB && !odd;
                if (!stripByStrip) {
                    packB(pr, pc, kc, jc, nc, packedB, directBHere);
                }
                for (int ic = i0; ic < i1; ic += rowsPerBlock) {
                    int mc = Math.min(rowsPerBlock, i1 - ic);
                    if (packAHere) {
                        packA(pr, ic, mc, pc, kc, ws.packedA);
                    }
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        // A full strip of a row-stored B' is read where it lies: two vectors per
                        // step, ldb apart. Only transposed and partial strips are packed.
                        boolean direct = directBHere && nr == NR;
                        if (stripByStrip && !direct) {
                            packB(pr, pc, kc, jc + jr, nr, packedB, false);
                        }
                        float[] bArray = direct ? pr.b : packedB;
                        int bPanel = direct ? pr.bOffset + pc * pr.ldb + jc + jr
                                : stripByStrip ? 0 : (jr / NR) * evenDepth(kc) * NR;
                        int bStride = direct ? pr.ldb : NR;
                        for (int ir = 0; ir < mc; ir += MR) {
                            int mr = Math.min(MR, mc - ir);
                            tile(pr, ws, packAHere, ic, ir, mr, pc, kc, bArray, bPanel, bStride);
                            writeTile(pr, ws.tile, ic + ir, jc + jr, mr, nr, first, last, work);
                        }
                    }
                }
            }
        }
    }

    /** Computes one register tile, from the packed A' panel or from A' in place, into the scratch tile. */
    private static void tile(Product pr, Workspace ws, boolean packA, int ic, int ir, int mr, int pc, int kc,
                             float[] bArray, int bPanel, int bStride) {
        int steps = evenDepth(kc);
        if (packA) {
            kernelPacked(ws.packedA, (ir / MR) * steps * MR, bArray, bPanel, bStride, steps, ws.tile);
        } else if (mr < MR) {
            packA(pr, ic + ir, mr, pc, kc, ws.packedA);
            kernelPacked(ws.packedA, 0, bArray, bPanel, bStride, steps, ws.tile);
        } else {
            kernelRows(pr.a, pr.aOffset + (ic + ir) * pr.lda + pc, pr.lda, bArray, bPanel, bStride, steps, ws.tile);
        }
    }

    // ------------------------------------------------------------------ packing

    /**
     * Packs B'[pc, pc+kc) x [jc, jc+nc) into NR-wide strips, {@link #evenDepth} deep, zero-padded
     * on the right and, for an odd kc, below; with {@code directB}, full strips stay where they
     * are and are not copied.
     */
    static void packB(Product pr, int pc, int kc, int jc, int nc, float[] dst, boolean directB) {
        float[] b = pr.b;
        int ldb = pr.ldb;
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int base = (jr / NR) * evenDepth(kc) * NR;
            if ((kc & 1) != 0) {
                java.util.Arrays.fill(dst, base + kc * NR, base + (kc + 1) * NR, 0f);
            }
            if (pr.bByColumns && nr == NR) {
                packTransposedStrip(b, pr.bOffset + (jc + jr) * ldb + pc, ldb, kc, dst, base);
            } else if (pr.bByColumns) {
                for (int jj = 0; jj < nr; jj++) {
                    int src = pr.bOffset + (jc + jr + jj) * ldb + pc;
                    int d = base + jj;
                    for (int p = 0; p < kc; p++) {
                        dst[d] = b[src + p];
                        d += NR;
                    }
                }
                if (nr < NR) {
                    for (int p = 0; p < kc; p++) {
                        for (int jj = nr; jj < NR; jj++) {
                            dst[base + p * NR + jj] = 0f;
                        }
                    }
                }
            } else if (nr == NR && directB) {
                continue;
            } else if (nr == NR) {
                int src = pr.bOffset + pc * ldb + jc + jr;
                int d = base;
                for (int p = 0; p < kc; p++) {
                    FloatVector.fromArray(S, b, src).intoArray(dst, d);
                    FloatVector.fromArray(S, b, src + V).intoArray(dst, d + V);
                    src += ldb;
                    d += NR;
                }
            } else {
                int src = pr.bOffset + pc * ldb + jc + jr;
                int d = base;
                for (int p = 0; p < kc; p++) {
                    for (int jj = 0; jj < nr; jj++) {
                        dst[d + jj] = b[src + jj];
                    }
                    for (int jj = nr; jj < NR; jj++) {
                        dst[d + jj] = 0f;
                    }
                    src += ldb;
                    d += NR;
                }
            }
        }
    }

    /**
     * Packs A'[ic, ic+mc) x [pc, pc+kc) into MR-tall panels, {@link #evenDepth} deep, zero-padded
     * at the bottom and, for an odd kc, after the last step.
     */
    static void packA(Product pr, int ic, int mc, int pc, int kc, float[] dst) {
        float[] a = pr.a;
        int lda = pr.lda;
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int base = (ir / MR) * evenDepth(kc) * MR;
            if ((kc & 1) != 0) {
                java.util.Arrays.fill(dst, base + kc * MR, base + (kc + 1) * MR, 0f);
            }
            if (pr.aByColumns && mr == MR) {
                int src = pr.aOffset + pc * lda + ic + ir;
                int d = base;
                for (int p = 0; p < kc; p++) {
                    System.arraycopy(a, src, dst, d, MR);
                    src += lda;
                    d += MR;
                }
            } else if (pr.aByColumns) {
                int src = pr.aOffset + pc * lda + ic + ir;
                int d = base;
                for (int p = 0; p < kc; p++) {
                    for (int r = 0; r < mr; r++) {
                        dst[d + r] = a[src + r];
                    }
                    for (int r = mr; r < MR; r++) {
                        dst[d + r] = 0f;
                    }
                    src += lda;
                    d += MR;
                }
            } else {
                for (int r = 0; r < MR; r++) {
                    int d = base + r;
                    if (r < mr) {
                        int src = pr.aOffset + (ic + ir + r) * lda + pc;
                        for (int p = 0; p < kc; p++) {
                            dst[d] = a[src + p];
                            d += MR;
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            dst[d] = 0f;
                            d += MR;
                        }
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ micro-kernels

    /*
     * The micro-kernels are written for up to eight rows. Row 5 sits behind MR > 5 and rows 6 and
     * 7 behind MR > 6, constants the JIT folds: with 16 registers (MR = 5) their accumulators,
     * loads and stores are gone from the compiled code, and the tile is 10 accumulators, the two
     * B vectors and the broadcast of A. The unused accumulators start as null, not as the zero
     * the others start from: otherwise the zero stayed live through the loop in a register, and
     * C2 spilled an accumulator for it (65% of peak instead of 85-90%). Six rows (12
     * accumulators) would fit 16 registers on paper, but C2 then spilled accumulators in most
     * compilations. One source thus serves both register files.
     *
     * Every tile goes through the scratch tile (see the note on it at the top of this class).
     *
     * The step loop runs STEPS steps per iteration as a counted loop, which C2 compiles with its
     * safepoint poll outside the inner loop. kernelPacked counts the index into the A' panel
     * itself, a constant stride. Computed from an iteration number as q * 10 (five rows, two
     * steps), the index became two shifts and an add, which C2's range-check elimination does not
     * recognise: every broadcast kept its bounds check inside the loop, and the 16-register
     * kernel spilled an accumulator (54-65% of peak on the AVX2 path of an AMD EPYC Zen 5, 83-86%
     * with this loop). kernelRows steps its row indexes by STEPS, a power of two, and has no
     * such product. Tiles of up to five rows (16 registers) take two steps per iteration: one
     * step left the 16-register kernel at 70-85% of peak, varying from one
     * compilation to the next. Taller tiles take one: their two-step body (64 multiply-adds, each
     * some 440 bytes of Vector API code to inline) compiled in about one test run of fifteen with
     * the last two accumulators boxed at every iteration, for good (the allocation check's flight
     * recording named the multiply-adds of c70 and c71 in the second step), and one step measured
     * as fast. kc is always even (see evenDepth), so there is no odd step to finish: a kernel with
     * one more copy of the step body passed C2's node-count cutoff (NodeCountInliningCutoff) in
     * some compilations, and the vector operations past it ran as calls that box their vectors.
     * For the same reason the vectors stay inside each kernel's body: a vector passed to a call
     * the JIT does not inline is boxed.
     */

    /**
     * MR x NR tile from a packed A' panel and a B' strip, packed or in place ({@code bStride}
     * apart), {@code kc} steps deep (even), written to {@code tile} (MR rows of NR).
     */
    static void kernelPacked(float[] a, int aBase, float[] b, int bBase, int bStride, int kc, float[] tile) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = MR > 5 ? c00 : null;
        FloatVector c51 = MR > 5 ? c00 : null;
        FloatVector c60 = MR > 6 ? c00 : null;
        FloatVector c61 = MR > 6 ? c00 : null;
        FloatVector c70 = MR > 6 ? c00 : null;
        FloatVector c71 = MR > 6 ? c00 : null;
        int bStep = STEPS * bStride;
        int aEnd = aBase + kc * MR;
        for (int ai = aBase, bi = bBase; ai < aEnd; ai += STEPS * MR, bi += bStep) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            FloatVector x = FloatVector.broadcast(S, a[ai]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[ai + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[ai + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[ai + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[ai + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            if (MR > 5) {
                x = FloatVector.broadcast(S, a[ai + 5]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
            }
            if (MR > 6) {
                x = FloatVector.broadcast(S, a[ai + 6]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[ai + 7]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            if (STEPS == 2) { // only tiles of up to five rows: rows 5 to 7 are absent here
                b0 = FloatVector.fromArray(S, b, bi + bStride);
                b1 = FloatVector.fromArray(S, b, bi + bStride + V);
                x = FloatVector.broadcast(S, a[ai + MR]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[ai + MR + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[ai + MR + 2]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[ai + MR + 3]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[ai + MR + 4]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 0 + V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        if (MR > 5) {
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + V);
        }
        if (MR > 6) {
            c60.intoArray(tile, 6 * NR);
            c61.intoArray(tile, 6 * NR + V);
            c70.intoArray(tile, 7 * NR);
            c71.intoArray(tile, 7 * NR + V);
        }
    }

    /**
     * MR x NR tile reading MR rows of A' in place (row stride {@code lda}, from {@code aBase}),
     * written like {@link #kernelPacked}'s. A panel of fewer rows is packed instead: a row
     * count in here cost compiled size, which is what brought kernels to C2's node-count cutoff.
     */
    static void kernelRows(float[] a, int aBase, int lda, float[] b, int bBase, int bStride, int kc, float[] tile) {
        int r0 = aBase;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        int r4 = r3 + lda;
        int r5 = MR > 5 ? r4 + lda : r4;
        int r6 = MR > 6 ? r5 + lda : r4;
        int r7 = MR > 6 ? r6 + lda : r4;
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = MR > 5 ? c00 : null;
        FloatVector c51 = MR > 5 ? c00 : null;
        FloatVector c60 = MR > 6 ? c00 : null;
        FloatVector c61 = MR > 6 ? c00 : null;
        FloatVector c70 = MR > 6 ? c00 : null;
        FloatVector c71 = MR > 6 ? c00 : null;
        int iterations = kc / STEPS;
        int bStep = STEPS * bStride;
        for (int q = 0; q < iterations; q++) {
            int p = STEPS * q;
            int bi = bBase + q * bStep;
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + V);
            FloatVector x = FloatVector.broadcast(S, a[r0 + p]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, a[r1 + p]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, a[r2 + p]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, a[r3 + p]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, a[r4 + p]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            if (MR > 5) {
                x = FloatVector.broadcast(S, a[r5 + p]);
                c50 = x.fma(b0, c50);
                c51 = x.fma(b1, c51);
            }
            if (MR > 6) {
                x = FloatVector.broadcast(S, a[r6 + p]);
                c60 = x.fma(b0, c60);
                c61 = x.fma(b1, c61);
                x = FloatVector.broadcast(S, a[r7 + p]);
                c70 = x.fma(b0, c70);
                c71 = x.fma(b1, c71);
            }
            if (STEPS == 2) { // only tiles of up to five rows: rows 5 to 7 are absent here
                b0 = FloatVector.fromArray(S, b, bi + bStride);
                b1 = FloatVector.fromArray(S, b, bi + bStride + V);
                x = FloatVector.broadcast(S, a[r0 + p + 1]);
                c00 = x.fma(b0, c00);
                c01 = x.fma(b1, c01);
                x = FloatVector.broadcast(S, a[r1 + p + 1]);
                c10 = x.fma(b0, c10);
                c11 = x.fma(b1, c11);
                x = FloatVector.broadcast(S, a[r2 + p + 1]);
                c20 = x.fma(b0, c20);
                c21 = x.fma(b1, c21);
                x = FloatVector.broadcast(S, a[r3 + p + 1]);
                c30 = x.fma(b0, c30);
                c31 = x.fma(b1, c31);
                x = FloatVector.broadcast(S, a[r4 + p + 1]);
                c40 = x.fma(b0, c40);
                c41 = x.fma(b1, c41);
            }
        }
        c00.intoArray(tile, 0);
        c01.intoArray(tile, 0 + V);
        c10.intoArray(tile, NR);
        c11.intoArray(tile, NR + V);
        c20.intoArray(tile, 2 * NR);
        c21.intoArray(tile, 2 * NR + V);
        c30.intoArray(tile, 3 * NR);
        c31.intoArray(tile, 3 * NR + V);
        c40.intoArray(tile, 4 * NR);
        c41.intoArray(tile, 4 * NR + V);
        if (MR > 5) {
            c50.intoArray(tile, 5 * NR);
            c51.intoArray(tile, 5 * NR + V);
        }
        if (MR > 6) {
            c60.intoArray(tile, 6 * NR);
            c61.intoArray(tile, 6 * NR + V);
            c70.intoArray(tile, 7 * NR);
            c71.intoArray(tile, 7 * NR + V);
        }
    }


    // ------------------------------------------------------------------ write-back

    /**
     * Writes a tile to C: scales, accumulates and, on the last pass, adds bias and activates.
     * With an activation the finished values go back into the tile, which is activated in one
     * call and then copied to C: activating each 32-float row segment of C separately cost more
     * in calls than in arithmetic (13% of a fine-tuning run).
     */
    static void writeTile(Product pr, float[] tile, int i, int j, int mr, int nr, boolean first, boolean last,
                          float[] work) {
        float[] c = pr.c;
        int ldc = pr.ldc;
        float alpha = pr.alpha;
        float beta = first ? pr.beta : 1f;
        float[] bias = last ? pr.bias : null;
        Activation act = last ? pr.activation : Activation.IDENTITY;
        boolean activate = act != Activation.IDENTITY;
        for (int r = 0; r < mr; r++) {
            int row = (i + r) * ldc + j;
            int t = r * NR;
            float[] dst = activate ? tile : c;
            int d = activate ? t : row;
            if (nr == NR && bias != null) {
                writeVectorsWithBias(tile, t, c, row, alpha, beta, bias, j, dst, d);
            } else if (nr == NR) {
                writeVectors(tile, t, c, row, alpha, beta, dst, d);
            } else {
                for (int jj = 0; jj < nr; jj++) {
                    float v = tile[t + jj] * alpha;
                    v = beta == 0f ? v : v + beta * c[row + jj];
                    dst[d + jj] = bias == null ? v : v + bias[j + jj];
                }
            }
        }
        if (activate) {
            // Lanes past nr hold finished-product garbage of padded columns: activated, never copied.
            Kernels.activate(act, tile, tile, 0, mr * NR, work);
            for (int r = 0; r < mr; r++) {
                System.arraycopy(tile, r * NR, c, (i + r) * ldc + j, nr);
            }
        }
    }

    /** {@code dst[d + h] = alpha * tile[t + h] + beta * c[row + h]} for one full tile row. */
    private static void writeVectors(float[] tile, int t, float[] c, int row, float alpha, float beta, float[] dst,
                                     int d) {
        if (beta == 0f) {
            writeScaled(tile, t, dst, d, alpha);
            return;
        }
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        FloatVector betaV = FloatVector.broadcast(S, beta);
        for (int h = 0; h < NR; h += V) {
            FloatVector old = FloatVector.fromArray(S, c, row + h).mul(betaV);
            FloatVector.fromArray(S, tile, t + h).fma(alphaV, old).intoArray(dst, d + h);
        }
    }

    /**
     * {@code dst[d + h] = alpha * tile[t + h] + beta * c[row + h] + bias[j + h]}: the bias is
     * added in registers, so that C is written once (adding it in a second pass over the
     * just-written row measured 6% of a fine-tuning run).
     */
    private static void writeVectorsWithBias(float[] tile, int t, float[] c, int row, float alpha, float beta,
                                             float[] bias, int j, float[] dst, int d) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        for (int h = 0; h < NR; h += V) {
            FloatVector acc = FloatVector.fromArray(S, bias, j + h);
            if (beta != 0f) {
                acc = FloatVector.fromArray(S, c, row + h).fma(FloatVector.broadcast(S, beta), acc);
            }
            FloatVector.fromArray(S, tile, t + h).fma(alphaV, acc).intoArray(dst, d + h);
        }
    }

    /** {@code c[row + h] = alpha * tile[t + h]}: the old C is not read, so a NaN there is overwritten. */
    private static void writeScaled(float[] tile, int t, float[] c, int row, float alpha) {
        FloatVector alphaV = FloatVector.broadcast(S, alpha);
        for (int h = 0; h < NR; h += V) {
            FloatVector.fromArray(S, tile, t + h).mul(alphaV).intoArray(c, row + h);
        }
    }
}
