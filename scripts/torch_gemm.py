#!/usr/bin/python3
"""The OpenBLAS side of the GEMM figures: torch.mm on the shapes of GemmBenchmark, in GFLOP/s.

Shapes are <op><m>x<n>x<k> as in GemmBenchmark: NN2048x2048x2048 (the cube), NT100x500x784 (an
RBM's up pass), NN100x784x500 (its down pass) and TN500x784x100 (its weight gradient). Each shape
runs eight rounds of about 2 GFLOP; the median and the best of the last six are printed.

Setup: apt-get install -y python3-torch libopenblas0 (Debian's PyTorch, which multiplies with
the system BLAS; libopenblas0 makes that OpenBLAS). One thread per OpenBLAS thread:
  env -u OPENBLAS_CORETYPE OMP_WAIT_POLICY=PASSIVE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 scripts/torch_gemm.py
OPENBLAS_CORETYPE=Haswell selects OpenBLAS's AVX2 kernels on an AVX-512 CPU, the peer of
cpu-simd run with -XX:UseAVX=2. The first line names the kernels OpenBLAS runs; it warns when
they have no AVX2, as on a CPU that OpenBLAS does not know (then set OPENBLAS_CORETYPE=SkylakeX).
"""
import os, statistics, sys, time
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'peers'))
from torch_dbn import openblas_core, warn_if_unfair  # noqa: E402

SHAPES = [("NN", 2048, 2048, 2048), ("NT", 100, 500, 784), ("NN", 100, 784, 500), ("TN", 500, 784, 100)]


def main():
    threads = int(os.environ.get("OPENBLAS_NUM_THREADS", "1"))
    torch.set_num_threads(threads)
    gen = torch.Generator().manual_seed(1)
    core = openblas_core()
    print(f"# torch {torch.__version__} threads={threads} OpenBLAS core={core}")
    warn_if_unfair(core)
    for op, m, n, k in SHAPES:
        a = torch.rand(k, m, generator=gen) if op[0] == 'T' else torch.rand(m, k, generator=gen)
        b = torch.rand(n, k, generator=gen) if op[1] == 'T' else torch.rand(k, n, generator=gen)
        left = a.t() if op[0] == 'T' else a
        right = b.t() if op[1] == 'T' else b
        c = torch.empty(m, n)
        reps = max(3, int(2e9 / (2 * m * n * k)))
        rates = []
        for _ in range(8):
            start = time.perf_counter()
            for _ in range(reps):
                torch.mm(left, right, out=c)
            rates.append(2 * m * n * k * reps / (time.perf_counter() - start) / 1e9)
        rates = rates[2:]
        print(f"{op}{m}x{n}x{k} threads={threads} GFLOP/s median {statistics.median(rates):.1f}"
              f" best {max(rates):.1f}")


if __name__ == "__main__":
    main()
