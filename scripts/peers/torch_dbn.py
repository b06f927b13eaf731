#!/usr/bin/python3
"""PyTorch reference for side-by-side comparisons on the same machine (CPU, float32).

  rbm: the textbook CD-1 Bernoulli RBM; prints seconds per epoch (median of epochs 2..N).
  dbn: greedy CD-1 pretraining of every layer, then supervised fine-tuning of an MLP with sigmoid
       units initialised from the RBMs plus a softmax layer (Adam); prints test accuracy and the
       wall time of pretraining + fine-tuning; --random fine-tunes the same MLP from random weights.

The peer that dbn4j's speed and accuracy figures are measured against (docs/performance.md).
Setup: apt-get install -y python3-torch libopenblas0   (Debian's build; run with /usr/bin/python3)
  Without OpenBLAS, Debian's torch multiplies with the reference BLAS (then
  update-alternatives --display libblas.so.3-x86_64-linux-gnu points at
  /usr/lib/x86_64-linux-gnu/blas/libblas.so.3): many times slower, no fair peer.
Fair timing: OMP_WAIT_POLICY=PASSIVE (default busy-waiting was 3-4x slower on 2 cores), and
unset OPENBLAS_CORETYPE for that command alone so OpenBLAS picks its AVX-512 kernels. The first
line names the kernels OpenBLAS chose: on a CPU it does not know it falls back to ones without
AVX2 (OpenBLAS 0.3.21 runs Prescott's on some Intel Xeons, family 6 model 207) and warns; then
set OPENBLAS_CORETYPE=SkylakeX (AVX-512) or Haswell (AVX2) instead.
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 scripts/peers/torch_dbn.py dbn
Data: an IDX directory in MNIST layout (train-*/t10k-* files), by default the 10,000 digits
embedded in dbn-datasets (dbn-datasets/src/main/resources/org/dbn4j/datasets/mnist10k).
"""
import argparse, gzip, os, statistics, struct, sys, time
import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))


# OpenBLAS kernel families without AVX2: OpenBLAS falls back to one of these on a CPU it does
# not know (0.3.21 picks Prescott on some newer Intel Xeons), which makes it no fair peer.
PRE_AVX2_CORES = {'Katmai', 'Coppermine', 'Northwood', 'Prescott', 'Banias', 'Atom', 'Core2', 'Penryn',
                  'Dunnington', 'Nehalem', 'Sandybridge', 'Athlon', 'Opteron', 'Opteron(SSE3)', 'Barcelona',
                  'Nano', 'Bobcat', 'Bulldozer', 'Piledriver', 'Steamroller', 'Excavator'}


def openblas_core():
    """The OpenBLAS kernel family torch multiplies with, or None when torch uses another BLAS."""
    import ctypes
    try:
        lib = ctypes.CDLL('libopenblas.so.0')
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return None


def warn_if_unfair(core):
    """Warns on stderr when OpenBLAS runs kernels without AVX2, which make no fair peer."""
    if core in PRE_AVX2_CORES:
        print(f'# warning: OpenBLAS runs its {core} kernels (no AVX2): it does not know this CPU. For a fair '
              f'peer set OPENBLAS_CORETYPE=SkylakeX (AVX-512) or OPENBLAS_CORETYPE=Haswell (AVX2).',
              file=sys.stderr)


def read_idx(path):
    raw = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
    nd = struct.unpack('>I', raw[:4])[0] & 0xff
    dims = struct.unpack('>' + 'I' * nd, raw[4:4 + 4 * nd])
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * nd).reshape(dims)


def load(idx_dir):
    def part(p):
        x = read_idx(f'{idx_dir}/{p}-images-idx3-ubyte.gz').reshape(-1, 784).astype(np.float32) / 255.0
        y = read_idx(f'{idx_dir}/{p}-labels-idx1-ubyte.gz').astype(np.int64)
        return torch.from_numpy(x), torch.from_numpy(y)
    return part('train') + part('t10k')


class RBM:
    """W is hidden x visible; CD-1 with sampled hidden states and probability reconstructions."""
    def __init__(self, n_vis, n_hid, gen):
        self.W = torch.randn(n_hid, n_vis, generator=gen) * 0.01
        self.v_bias = torch.zeros(n_vis)
        self.h_bias = torch.zeros(n_hid)

    def hid_prob(self, v):
        return torch.sigmoid(torch.addmm(self.h_bias, v, self.W.t()))

    def vis_prob(self, h):
        return torch.sigmoid(torch.addmm(self.v_bias, h, self.W))

    def train_epoch(self, X, batch, lr, gen):
        perm = torch.randperm(X.shape[0], generator=gen)
        for i in range(0, X.shape[0], batch):
            v0 = X[perm[i:i + batch]]
            ph0 = self.hid_prob(v0)
            h0 = torch.bernoulli(ph0, generator=gen)
            pv1 = self.vis_prob(h0)
            ph1 = self.hid_prob(pv1)
            s = lr / v0.shape[0]
            self.W.addmm_(ph0.t(), v0, alpha=s)
            self.W.addmm_(ph1.t(), pv1, alpha=-s)
            self.v_bias.add_((v0 - pv1).sum(0), alpha=s)
            self.h_bias.add_((ph0 - ph1).sum(0), alpha=s)


def mlp(layers, classes=10):
    mods = []
    for a, b in zip(layers, layers[1:]):
        mods += [nn.Linear(a, b), nn.Sigmoid()]
    return nn.Sequential(*mods, nn.Linear(layers[-1], classes))


def finetune(model, xtr, ytr, xte, yte, epochs, batch, gen):
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    loss = nn.CrossEntropyLoss()
    for _ in range(epochs):
        perm = torch.randperm(xtr.shape[0], generator=gen)
        for i in range(0, xtr.shape[0], batch):
            idx = perm[i:i + batch]
            opt.zero_grad(set_to_none=True)
            loss(model(xtr[idx]), ytr[idx]).backward()
            opt.step()
    with torch.no_grad():
        return (model(xte).argmax(1) == yte).float().mean().item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['rbm', 'dbn'])
    ap.add_argument('--data', default=os.path.join(HERE, '..', '..', 'dbn-datasets', 'src', 'main', 'resources',
                                                   'org', 'dbn4j', 'datasets', 'mnist10k'))
    ap.add_argument('--layers', type=int, nargs='+', default=[784, 500, 500, 2000])
    ap.add_argument('--hidden', type=int, default=500)
    ap.add_argument('--epochs', type=int, default=10, help='rbm: epochs; dbn: pretraining epochs per layer')
    ap.add_argument('--finetune', type=int, default=20)
    ap.add_argument('--batch', type=int, default=100)
    ap.add_argument('--lr', type=float, default=0.1)
    ap.add_argument('--threads', type=int, default=2)
    ap.add_argument('--seed', type=int, default=0)
    ap.add_argument('--random', action='store_true', help='dbn: fine-tune from random weights')
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    gen = torch.Generator().manual_seed(a.seed)
    xtr, ytr, xte, yte = load(a.data)
    core = openblas_core()
    print(f'# torch {torch.__version__} threads={a.threads} train={len(xtr)} test={len(xte)} '
          f'OMP_WAIT_POLICY={os.environ.get("OMP_WAIT_POLICY")} OPENBLAS_CORETYPE={os.environ.get("OPENBLAS_CORETYPE")} '
          f'OpenBLAS core={core}')
    warn_if_unfair(core)
    if a.mode == 'rbm':
        rbm, times = RBM(784, a.hidden, gen), []
        with torch.no_grad():
            for ep in range(a.epochs):
                t0 = time.perf_counter(); rbm.train_epoch(xtr, a.batch, a.lr, gen)
                times.append(time.perf_counter() - t0)
            err = ((xtr - rbm.vis_prob(rbm.hid_prob(xtr))) ** 2).sum(1).mean().item()
        print(f'RESULT rbm 784-{a.hidden} CD-1 batch {a.batch}: {statistics.median(times[1:]):.4f} s/epoch '
              f'(median of epochs 2..{a.epochs}, {len(xtr)} images); recon SSE/image {err:.3f}')
        return
    t0 = time.perf_counter()
    model = mlp(a.layers)
    if not a.random:
        data = xtr
        lin = [m for m in model if isinstance(m, nn.Linear)]
        with torch.no_grad():
            for i, (nv, nh) in enumerate(zip(a.layers, a.layers[1:])):
                rbm = RBM(nv, nh, gen)
                for _ in range(a.epochs):
                    rbm.train_epoch(data, a.batch, a.lr, gen)
                data = rbm.hid_prob(data)
                lin[i].weight.copy_(rbm.W); lin[i].bias.copy_(rbm.h_bias)
    t_pre = time.perf_counter() - t0
    acc = finetune(model, xtr, ytr, xte, yte, a.finetune, a.batch, gen)
    total = time.perf_counter() - t0
    print(f'RESULT dbn {a.layers} {"random init" if a.random else f"pretrain {a.epochs} ep/layer"} + finetune '
          f'{a.finetune} ep: test accuracy {acc * 100:.2f}%  pretrain {t_pre:.1f} s  total {total:.1f} s')


if __name__ == '__main__':
    main()
