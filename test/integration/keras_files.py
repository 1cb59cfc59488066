"""Writes a TF.js test model (OUT of make_case.js: model.json and its shards) as Keras itself saves models,
following Keras' documented layouts, with h5py (Debian's python3-h5py), so that cnnc can be checked on them
against TF.js' predictions. Usage: keras_files.py CASE_DIR OUT_DIR. Writes into OUT_DIR:
  model.h5           Keras 2 / tf.keras model.save("model.h5"): attributes model_config, training_config,
                     keras_version, backend; group model_weights (layer_names; per layer weight_names and
                     the datasets "<layer>/<kind>:0")
  model64.h5         the same with float64 datasets (and model16.h5, float16)
  weights.h5         Keras 2 save_weights("weights.h5"): layer_names at the root
  topology.json      Keras 2 model.to_json()
  model.keras        Keras 3 model.save("model.keras"): a zip of metadata.json, config.json (Keras 3's
                     serialization) and model.weights.h5 (layers/<class in snake case, numbered>/vars/<i>)
  model3.weights.h5  Keras 3 save_weights("model3.weights.h5"), with topology3.json (Keras 3 to_json())
  broken/...         damaged variants for the error tests (see broken())."""
import json
import os
import re
import shutil
import sys
import zipfile

import h5py
import numpy as np


def snake(name):  # keras.src.utils.naming.to_snake_case
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def read_case(case_dir):
    doc = json.load(open(os.path.join(case_dir, "model.json")))
    weights = {}
    for group in doc["weightsManifest"]:
        data = b"".join(open(os.path.join(case_dir, p), "rb").read() for p in group["paths"])
        offset = 0
        for w in group["weights"]:
            count = int(np.prod(w["shape"])) if w["shape"] else 1
            weights[w["name"]] = np.frombuffer(data, "<f4", count, offset).reshape(w["shape"])
            offset += 4 * count
    return doc["modelTopology"], weights


def name_of(layer):
    return layer["config"]["name"]


def layer_weights(layer, weights):
    """The layer's weights in Keras' creation order: (kind, array)."""
    order = ["kernel", "bias", "gamma", "beta", "moving_mean", "moving_variance"]
    mine = [(k.split("/")[-1], v) for k, v in weights.items() if k.rsplit("/", 1)[0] == name_of(layer)]
    return sorted(mine, key=lambda kv: order.index(kv[0]))


def keras2_weights(group, topology, weights, dtype):
    layers = topology["config"]["layers"]
    group.attrs["layer_names"] = np.array([name_of(l).encode() for l in layers])
    group.attrs["backend"] = "tensorflow"
    group.attrs["keras_version"] = "2.13.1"
    for layer in layers:
        g = group.create_group(name_of(layer))
        names = [f"{name_of(layer)}/{kind}:0".encode() for kind, _ in layer_weights(layer, weights)]
        # Keras writes an empty list as an empty float array.
        g.attrs["weight_names"] = np.array(names) if names else np.array([])
        for (kind, value), name in zip(layer_weights(layer, weights), names):
            g.create_dataset(name.decode(), data=value.astype(dtype))


def keras3_tensor(name):
    return {"class_name": "__keras_tensor__",
            "config": {"shape": {"class_name": "__tuple__", "items": [None]}, "dtype": "float32",
                       "keras_history": [name, 0, 0]}}


def keras3_config(topology):
    """Keras 3's serialization of the model (what config.json and to_json() hold)."""
    functional = topology["class_name"] in ("Model", "Functional")
    layers = []
    for layer in topology["config"]["layers"]:
        config = dict(layer["config"])
        config["dtype"] = {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"},
                           "registered_name": None}
        if layer["class_name"] == "InputLayer":
            config["batch_shape"] = config.pop("batch_input_shape")
            config["dtype"] = "float32"
        entry = {"module": "keras.layers", "class_name": layer["class_name"], "config": config,
                 "registered_name": None}
        if functional:
            entry["name"] = name_of(layer)
            nodes = []
            for node in layer.get("inbound_nodes", []):
                tensors = [keras3_tensor(inbound[0]) for inbound in node]
                nodes.append({"args": [tensors if len(tensors) > 1 else tensors[0]], "kwargs": {}})
            entry["inbound_nodes"] = nodes
        layers.append(entry)
    if not functional and "batch_input_shape" in layers[0]["config"]:
        # Keras 3 lists a Sequential model's input as an InputLayer first.
        shape = layers[0]["config"].pop("batch_input_shape")
        layers.insert(0, {"module": "keras.layers", "class_name": "InputLayer", "registered_name": None,
                          "config": {"batch_shape": shape, "dtype": "float32", "sparse": False,
                                     "name": "input_layer"}})
    config = {"name": topology["config"]["name"], "trainable": True, "layers": layers}
    if functional:
        config["input_layers"] = topology["config"]["input_layers"]
        config["output_layers"] = topology["config"]["output_layers"]
    return {"module": "keras", "class_name": "Functional" if functional else "Sequential",
            "config": config, "registered_name": "Functional" if functional else None,
            "build_config": {"input_shape": None}, "compile_config": None}


def keras3_weights(h5, topology, weights):
    h5.create_group("vars")
    used = {}
    for layer in topology["config"]["layers"]:
        name = snake(layer["class_name"])
        used[name] = used.get(name, -1) + 1
        path = name if used[name] == 0 else f"{name}_{used[name]}"
        group = h5.create_group(f"layers/{path}/vars")
        for i, (_, value) in enumerate(layer_weights(layer, weights)):
            group[str(i)] = value


def write_keras_archive(path, config, weights_file):
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("metadata.json", json.dumps({"keras_version": "3.5.0", "date_saved": "2026-12-03@00:00:00"}))
        zf.writestr("config.json", json.dumps(config))
        zf.write(weights_file, "model.weights.h5")


def write_all(topology, weights, out):
    with h5py.File(os.path.join(out, "model.h5"), "w") as h5:
        h5.attrs["model_config"] = json.dumps(topology).encode()
        h5.attrs["training_config"] = json.dumps({"loss": "sparse_categorical_crossentropy",
                                                  "optimizer_config": {"class_name": "Adam", "config": {}}}).encode()
        h5.attrs["keras_version"] = "2.13.1"
        h5.attrs["backend"] = "tensorflow"
        keras2_weights(h5.create_group("model_weights"), topology, weights, np.float32)
    with h5py.File(os.path.join(out, "model64.h5"), "w") as h5:
        h5.attrs["model_config"] = json.dumps(topology)  # a variable-length string this time
        keras2_weights(h5.create_group("model_weights"), topology, weights, np.float64)
    with h5py.File(os.path.join(out, "model16.h5"), "w") as h5:
        h5.attrs["model_config"] = json.dumps(topology)
        keras2_weights(h5.create_group("model_weights"), topology, weights, np.float16)
    with h5py.File(os.path.join(out, "weights.h5"), "w") as h5:
        keras2_weights(h5, topology, weights, np.float32)
    json.dump(topology, open(os.path.join(out, "topology.json"), "w"))
    config = keras3_config(topology)
    json.dump(config, open(os.path.join(out, "topology3.json"), "w"))
    with h5py.File(os.path.join(out, "model3.weights.h5"), "w") as h5:
        keras3_weights(h5, topology, weights)
    write_keras_archive(os.path.join(out, "model.keras"), config, os.path.join(out, "model3.weights.h5"))


def broken(topology, weights, out):
    """Damaged files, each wrong in one way."""
    b = os.path.join(out, "broken")
    os.makedirs(b, exist_ok=True)
    config = keras3_config(topology)
    with zipfile.ZipFile(os.path.join(b, "no_config.keras"), "w") as zf:
        zf.writestr("metadata.json", "{}")
        zf.write(os.path.join(out, "model3.weights.h5"), "model.weights.h5")
    with zipfile.ZipFile(os.path.join(b, "no_weights.keras"), "w") as zf:
        zf.writestr("config.json", json.dumps(config))
    whole = open(os.path.join(out, "model.keras"), "rb").read()
    open(os.path.join(b, "truncated.keras"), "wb").write(whole[: len(whole) // 2])
    h5 = open(os.path.join(out, "model.h5"), "rb").read()
    open(os.path.join(b, "truncated.h5"), "wb").write(h5[: len(h5) // 2])
    # Keras 3 weights missing the last Dense layer's group, and a BatchNormalization-less count.
    shutil.copy(os.path.join(out, "model3.weights.h5"), os.path.join(b, "no_dense.weights.h5"))
    with h5py.File(os.path.join(b, "no_dense.weights.h5"), "a") as f:
        del f["layers/dense"]
    write_keras_archive(os.path.join(b, "no_dense.keras"), config, os.path.join(b, "no_dense.weights.h5"))
    shutil.copy(os.path.join(out, "model3.weights.h5"), os.path.join(b, "extra_var.weights.h5"))
    with h5py.File(os.path.join(b, "extra_var.weights.h5"), "a") as f:
        f["layers/dense/vars/2"] = np.zeros(3, np.float32)
    # Keras 2: a kernel of the wrong shape, an int dataset, a NaN, no model_config.
    first = next(l for l in topology["config"]["layers"] if layer_weights(l, weights))
    kernel = f"model_weights/{name_of(first)}/{name_of(first)}/kernel:0"
    for name, change in [("wrong_shape.h5", lambda d: np.zeros(d.shape[:-1] + (d.shape[-1] + 1,), np.float32)),
                         ("int_weights.h5", lambda d: np.zeros(d.shape, np.int32)),
                         ("nan_weight.h5", lambda d: np.where(np.arange(d.size).reshape(d.shape) == 1, np.nan, d[()]))]:
        shutil.copy(os.path.join(out, "model.h5"), os.path.join(b, name))
        with h5py.File(os.path.join(b, name), "a") as f:
            value = change(f[kernel])
            del f[kernel]
            f[kernel] = value
    with h5py.File(os.path.join(b, "not_keras.h5"), "w") as f:
        f["data"] = np.zeros(3)
    # Values kept outside the file: a kernel in an external raw file, a layer group linked from another file.
    raw = os.path.join(b, "outside.raw")
    shutil.copy(os.path.join(out, "model.h5"), os.path.join(b, "external_data.h5"))
    with h5py.File(os.path.join(b, "external_data.h5"), "a") as f:
        shape = f[kernel].shape
        np.zeros(shape, np.float32).tofile(raw)
        del f[kernel]
        f.create_dataset(kernel, shape, np.float32, external=[(raw, 0, h5py.h5f.UNLIMITED)])
    shutil.copy(os.path.join(out, "model.h5"), os.path.join(b, "external_link.h5"))
    with h5py.File(os.path.join(b, "external_link.h5"), "a") as f:
        group = f"model_weights/{name_of(first)}"
        del f[group]
        f[group] = h5py.ExternalLink(os.path.join(out, "model.h5"), group)


def main():
    case_dir, out = sys.argv[1], sys.argv[2]
    os.makedirs(out, exist_ok=True)
    topology, weights = read_case(case_dir)
    write_all(topology, weights, out)
    broken(topology, weights, out)


if __name__ == "__main__":
    main()
