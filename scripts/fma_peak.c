/*
 * The physical FMA peak of this CPU, as a cross-check for dbn4j's PeakBenchmark: ACC independent
 * vector accumulators per thread, each updated by a fused multiply-add c = a * b + c per
 * iteration, operands in registers, no memory traffic. Prints GFLOP/s for 1 thread and for the
 * given number of threads (default 2). Not part of the build:
 *
 *   gcc -O2 -mavx2 -mfma -pthread -DACC=14 scripts/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak 2
 *   gcc -O2 -mavx512f -pthread -DACC=30 scripts/fma_peak.c -o /tmp/fma_peak && /tmp/fma_peak 2
 *
 * With -mavx512f the vectors are 512 bits (16 floats), otherwise 256 bits (8 floats). ACC must
 * leave two registers for the operands: at most 14 with AVX2's 16, at most 30 with AVX-512's 32.
 */
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#ifndef ACC
#define ACC 12
#endif
#define ITERATIONS 200000000L

#ifdef __AVX512F__
typedef __m512 vec;
#define LANES 16
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
static float first_lane(vec v) { return _mm512_cvtss_f32(v); }
#else
typedef __m256 vec;
#define LANES 8
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
static float first_lane(vec v) { return _mm256_cvtss_f32(v); }
#endif

static volatile float sink;

static void *loop(void *arg) {
    long iterations = *(long *) arg;
    vec a = SET1(0.999f), b = SET1(0.001f);
    vec c[ACC];
#pragma GCC unroll 32
    for (int i = 0; i < ACC; i++) c[i] = SET1(1.0f + i);
    for (long n = 0; n < iterations; n++) {
        /* Fully unrolled, so that the accumulators live in registers; the empty asm keeps the
           compiler from treating the operands as constants. */
#pragma GCC unroll 32
        for (int i = 0; i < ACC; i++) c[i] = FMA(a, b, c[i]);
        __asm__ volatile("" : "+x"(a), "+x"(b));
    }
    vec s = c[0];
#pragma GCC unroll 32
    for (int i = 1; i < ACC; i++) s = ADD(s, c[i]);
    sink = first_lane(s);
    return NULL;
}

static double seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static double run(int threads) {
    long iterations = ITERATIONS;
    pthread_t ids[64];
    double start = seconds();
    for (int t = 0; t < threads; t++) pthread_create(&ids[t], NULL, loop, &iterations);
    for (int t = 0; t < threads; t++) pthread_join(ids[t], NULL);
    double elapsed = seconds() - start;
    return 2.0 * LANES * ACC * iterations * threads / elapsed / 1e9;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 2;
    if (threads < 1 || threads > 64) {
        fprintf(stderr, "threads must be 1 to 64, got %s\n", argv[1]);
        return 2;
    }
    run(1); /* warm-up: clocks settle */
    printf("%d-bit vectors, %d accumulators: 1 thread %.1f GFLOP/s", LANES * 32, ACC, run(1));
    if (threads > 1) printf(", %d threads %.1f GFLOP/s", threads, run(threads));
    printf("\n");
    return 0;
}
