"""Writes the libFuzzer seed corpora in test/fuzz/corpus/ from the test models (run it after adding models).

  corpus/model-reader/     every model.json embedded in the lit tests (split-file sections), the examples,
                           and small TF.js and numpy-written models with their weights; a model with weights
                           is its JSON, a NUL byte, then one shard (the manifest rewritten to name
                           weights.bin), the input format of ModelReaderFuzzer.cpp
  corpus/runtime-readers/  .npy, .npz (stored and deflated), IDX (plain and gzip), a training-state record and
                           a weight file for the Dense 2 -> 3 Adam model of RuntimeReadersFuzzer.cpp

Usage: make_seeds.py [--skip-oracles]   (the oracles need node with test/oracle's packages, and numpy)
"""
import glob
import gzip
import io
import json
import os
import re
import struct
import subprocess
import sys
import tempfile
import zipfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
CORPUS = os.path.join(HERE, "corpus")
MAX_SEED_BYTES = 64 * 1024  # keeps the corpus small and libFuzzer's default -max_len useful
TFJS_CASES = ["pool_dilation", "activations", "activation_layers", "pooling", "global_max",
              "padding_reshape", "batchnorm"]
NUMPY_CASES = ["pooling_extras", "activation_extras", "keras3_activations"]


def write(folder, name, data):
    os.makedirs(folder, exist_ok=True)
    if len(data) <= MAX_SEED_BYTES:
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)


def split_file_sections(text):
    """The `#--- name` sections of a lit test (split-file's format)."""
    parts = re.split(r"^#--- (\S+)\n", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def with_single_shard(model_dir, doc):
    """The model's JSON naming one shard, weights.bin, and that shard's bytes (all groups in order)."""
    data, weights = b"", []
    for group in doc.get("weightsManifest", []):
        for path in group["paths"]:
            with open(os.path.join(model_dir, path), "rb") as f:
                data += f.read()
        weights += group["weights"]
    doc["weightsManifest"] = [{"paths": ["weights.bin"], "weights": weights}]
    return json.dumps(doc).encode() + b"\0" + data


def model_reader_seeds(skip_oracles):
    out = os.path.join(CORPUS, "model-reader")
    for test in sorted(glob.glob(os.path.join(ROOT, "test", "*", "*.test"))):
        for name, body in split_file_sections(open(test).read()).items():
            if name.endswith(".json"):
                stem = os.path.splitext(os.path.basename(test))[0]
                write(out, f"{stem}-{os.path.splitext(name)[0]}", body.encode())
    for example in sorted(glob.glob(os.path.join(ROOT, "examples", "*", "*.json"))):
        write(out, "example-" + os.path.basename(os.path.dirname(example)) + "-"
              + os.path.splitext(os.path.basename(example))[0], open(example, "rb").read())
    if skip_oracles:
        return
    with tempfile.TemporaryDirectory() as tmp:
        for case in TFJS_CASES:
            d = os.path.join(tmp, case)
            subprocess.run(["node", os.path.join(ROOT, "test", "oracle", "make_case.js"), case, d],
                           check=True, capture_output=True)
            write(out, "tfjs-" + case, with_single_shard(d, json.load(open(os.path.join(d, "model.json")))))
        for case in NUMPY_CASES:
            d = os.path.join(tmp, case)
            subprocess.run([sys.executable, os.path.join(ROOT, "test", "oracle", "numpy_cases.py"), case, d],
                           check=True, capture_output=True)
            write(out, "numpy-" + case, with_single_shard(d, json.load(open(os.path.join(d, "model.json")))))


def npy_bytes(array):
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def idx_bytes(array):
    header = bytes([0, 0, 8, array.ndim]) + b"".join(struct.pack(">I", d) for d in array.shape)
    return header + array.astype(np.uint8).tobytes()


def state_record(iterations=3):
    """A cnnrt_model_write_state record of RuntimeReadersFuzzer's model: 'fuzz', 9 weights, Adam."""
    hyper = [0.001, iterations + 1, 0.9, 0.999, 1e-7, 0, 0, 0]
    return (b"CNNRTST1" + struct.pack("<I", 4) + b"fuzz" + struct.pack("<qqIIq", 9, 9, 1, 2, iterations)
            + struct.pack("<8f", *hyper) + np.linspace(-1, 1, 9, dtype="<f4").tobytes()
            + np.linspace(0, 0.5, 18, dtype="<f4").tobytes())


def runtime_reader_seeds():
    out = os.path.join(CORPUS, "runtime-readers")
    images = (np.arange(2 * 3 * 4) * 11 % 256).astype(np.uint8).reshape(2, 3, 4)
    arrays = {"u1": images, "f4": np.linspace(-1, 1, 6, dtype="<f4").reshape(2, 3),
              "i4": np.array([0, 9, 3], dtype="<i4"), "i8": np.array([[1], [2**40]], dtype="<i8"),
              "scalar": np.array(7.5, dtype="<f4"), "empty": np.zeros((0, 3), dtype="<f4")}
    for name, array in arrays.items():
        write(out, f"npy-{name}", npy_bytes(array))
    for method, tag in ((zipfile.ZIP_STORED, "stored"), (zipfile.ZIP_DEFLATED, "deflated")):
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", method) as z:
            z.writestr("x.npy", npy_bytes(arrays["f4"]))
            z.writestr("y.npy", npy_bytes(arrays["i4"]))
        write(out, f"npz-{tag}", buffer.getvalue())
    write(out, "idx-images", idx_bytes(images))
    write(out, "idx-labels", idx_bytes(np.array([3, 1, 4, 1, 5])))
    write(out, "idx-images-gz", gzip.compress(idx_bytes(images), mtime=0))
    write(out, "state-adam", state_record())
    write(out, "weights-dense", np.linspace(-1, 1, 9, dtype="<f4").tobytes())


def main():
    model_reader_seeds(skip_oracles="--skip-oracles" in sys.argv)
    runtime_reader_seeds()
    for kind in sorted(os.listdir(CORPUS)):
        files = glob.glob(os.path.join(CORPUS, kind, "*"))
        print(f"{kind}: {len(files)} seeds, {sum(os.path.getsize(f) for f in files)} bytes")


if __name__ == "__main__":
    main()
