#!/usr/bin/python3
"""Checks that PyTorch's reference SupervisedDBN, loaded with a model file dbn4j wrote, computes
the logits dbn4j computed (within 1e-5): the Java-to-PyTorch half of the interchange contract
(the other half, PyTorch-to-Java, is a unit test).

  ./mvnw -q package -DskipTests
  java --add-modules jdk.incubator.vector -cp dbn-benchmarks/target/benchmarks.jar \
      org.dbn4j.bench.InteropExport target/interop
  /usr/bin/python3 scripts/check_pytorch_interop.py target/interop

Needs Debian's python3-torch (apt-get install python3-torch); the safetensors file is parsed
here with the standard library and numpy, so the safetensors package is not needed.
"""
import csv, gzip, json, os, struct, sys
import numpy as np
import torch
import torch.nn as nn

HERE = os.path.dirname(os.path.abspath(__file__))
DIGITS = os.path.join(HERE, '..', 'dbn-datasets', 'src', 'main', 'resources', 'org', 'dbn4j', 'datasets', 'mnist10k',
                      't10k-images-idx3-ubyte.gz')


class RBM(nn.Module):
    def __init__(self, visible, hidden):
        super().__init__()
        self.W = nn.Parameter(torch.zeros(hidden, visible))
        self.h_bias = nn.Parameter(torch.zeros(hidden))
        self.v_bias = nn.Parameter(torch.zeros(visible))

    def forward(self, v):
        return torch.sigmoid(nn.functional.linear(v, self.W, self.h_bias))


class DBN(nn.Module):
    def __init__(self, layers):
        super().__init__()
        self.rbms = nn.ModuleList([RBM(layers[i], layers[i + 1]) for i in range(len(layers) - 1)])

    def forward(self, v):
        for rbm in self.rbms:
            v = rbm(v)
        return v


class SupervisedDBN(nn.Module):
    def __init__(self, dbn, classes):
        super().__init__()
        self.dbn = dbn
        self.classifier = nn.Linear(dbn.rbms[-1].W.shape[0], classes)

    def forward(self, x):
        return self.classifier(self.dbn(x))


def read_safetensors(path):
    raw = open(path, 'rb').read()
    n = struct.unpack('<Q', raw[:8])[0]
    header = json.loads(raw[8:8 + n])
    meta = header.pop('__metadata__', {})
    data = raw[8 + n:]
    tensors = {}
    for name, e in header.items():
        assert e['dtype'] == 'F32', name
        a, b = e['data_offsets']
        tensors[name] = torch.from_numpy(np.frombuffer(data[a:b], dtype='<f4').reshape(e['shape']).copy())
    return meta, tensors


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else 'target/interop'
    meta, tensors = read_safetensors(os.path.join(folder, 'model.safetensors'))
    layers = [int(s) for s in meta['dbn4j.layers'].split(',')]
    classes = tensors['classifier.bias'].shape[0]
    model = SupervisedDBN(DBN(layers), classes)
    model.load_state_dict(tensors, strict=True)
    pixels = gzip.open(DIGITS).read()
    x = torch.from_numpy(np.frombuffer(pixels, np.uint8, offset=16)[:16 * 784].reshape(16, 784).astype(np.float32) / 255.0)
    with torch.no_grad():
        logits = model(x).numpy()
    with open(os.path.join(folder, 'dbn4j-logits.csv')) as f:
        expected = np.array([[float(v) for v in row] for row in csv.reader(f)], dtype=np.float64)
    worst = float(np.abs(expected - logits).max())
    print(f'layers {layers} + {classes} classes, metadata format {meta.get("format")} / {meta.get("dbn4j.format")} '
          f'{meta.get("dbn4j.format_version")}: largest difference between PyTorch and dbn4j logits {worst:.3g}')
    if worst > 1e-5:
        print('FAIL: the difference exceeds 1e-5')
        sys.exit(1)
    print('OK')


if __name__ == '__main__':
    main()
