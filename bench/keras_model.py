"""The bench's view of a Keras model: the layers it uses (Conv2D, MaxPooling2D, Flatten, Dense) with their
shapes and nominal FLOPs, the text description the C peers read, and single-layer models for per-layer
figures. `keras_model.py split MODEL.json OUTDIR` writes OUTDIR/<part>/{model.json, model.net,
meta.json} for the whole net (part `net`) and each Conv2D and Dense layer, and prints the parts."""
import json
import math
import os
import sys

WITH_WEIGHTS = ("Conv2D", "Dense")


def _pair(v):
    return list(v) if isinstance(v, (list, tuple)) else [v, v]


def _pad(n, k, s, padding):
    """Output size and (before, after) padding of one axis, as TensorFlow computes them."""
    if padding == "valid":
        return (n - k) // s + 1, 0, 0
    out = math.ceil(n / s)
    total = max((out - 1) * s + k - n, 0)
    return out, total // 2, total - total // 2


def layers(model):
    """The model's layers in order, each a dict with class, name, config, in/out shapes (per sample),
    and the nominal FLOPs per sample (2 per multiply-add of a Conv2D or Dense; others count 0)."""
    config = model["config"]
    spec = config["layers"] if isinstance(config, dict) else config
    first = spec[0]["config"]
    shape = list(first.get("batch_input_shape") or first.get("batch_shape"))[1:]
    out = []
    for layer in spec:
        cls, cfg = layer["class_name"], layer["config"]
        if cls == "InputLayer":
            continue
        entry = {"class": cls, "name": cfg["name"], "config": cfg, "in": list(shape), "flops": 0}
        if cls == "Conv2D":
            if _pair(cfg.get("dilation_rate", 1)) != [1, 1]:
                raise SystemExit(f"{cfg['name']}: the bench handles dilation 1 only")
            (kh, kw), (sh, sw) = _pair(cfg["kernel_size"]), _pair(cfg.get("strides", 1))
            oh, pt, pb = _pad(shape[0], kh, sh, cfg.get("padding", "valid"))
            ow, pl, pr = _pad(shape[1], kw, sw, cfg.get("padding", "valid"))
            entry.update(kernel=[kh, kw], strides=[sh, sw], pads=[pt, pl, pb, pr])
            shape = [oh, ow, cfg["filters"]]
            entry["flops"] = 2 * oh * ow * kh * kw * entry["in"][2] * cfg["filters"]
            entry["params"] = kh * kw * entry["in"][2] * cfg["filters"] + cfg["filters"]
        elif cls == "MaxPooling2D":
            (ph, pw) = _pair(cfg.get("pool_size", 2))
            (sh, sw) = _pair(cfg.get("strides") or cfg.get("pool_size", 2))
            if cfg.get("padding", "valid") != "valid":
                raise SystemExit(f"{cfg['name']}: the bench handles valid pooling only")
            entry.update(pool=[ph, pw], strides=[sh, sw])
            shape = [(shape[0] - ph) // sh + 1, (shape[1] - pw) // sw + 1, shape[2]]
        elif cls == "Flatten":
            shape = [math.prod(shape)]
        elif cls == "Dense":
            if len(shape) != 1:
                raise SystemExit(f"{cfg['name']}: the bench handles Dense on flat inputs only")
            entry["flops"] = 2 * shape[0] * cfg["units"]
            entry["params"] = shape[0] * cfg["units"] + cfg["units"]
            shape = [cfg["units"]]
        else:
            raise SystemExit(f"{cfg['name']}: the bench does not handle {cls}")
        if cls in WITH_WEIGHTS and not cfg.get("use_bias", True):
            raise SystemExit(f"{cfg['name']}: the bench handles layers with a bias only")
        if cls in WITH_WEIGHTS and cfg.get("activation", "linear") not in ("linear", "relu", "softmax"):
            raise SystemExit(f"{cfg['name']}: the bench handles linear, relu and softmax only")
        entry["out"] = list(shape)
        out.append(entry)
    return out


def net_text(input_shape, entries):
    """The description xnnpack_net and onednn_conv read: one layer a line, weights in Keras' order."""
    lines = ["input " + " ".join(map(str, input_shape))]
    for e in entries:
        act = e["config"].get("activation", "linear")
        if e["class"] == "Conv2D":
            lines.append("conv {} {} {} {} {} {} {} {} {} {} {}".format(
                *e["kernel"], *e["strides"], *e["pads"], e["in"][2], e["config"]["filters"], act))
        elif e["class"] == "MaxPooling2D":
            lines.append("maxpool {} {} {} {}".format(*e["pool"], *e["strides"]))
        elif e["class"] == "Flatten":
            lines.append("flatten")
        else:
            lines.append(f"dense {e['in'][0]} {e['config']['units']} {act}")
    return "\n".join(lines) + "\n"


def single_layer_model(entry):
    """A Sequential model of the one layer, with the input shape it has in the net."""
    return {"class_name": "Sequential", "config": {"name": entry["name"], "layers": [
        {"class_name": "InputLayer", "config": {"batch_input_shape": [None] + entry["in"],
                                                "dtype": "float32", "name": "input_1"}},
        {"class_name": entry["class"], "config": entry["config"]}]},
        "keras_version": "2.13.1", "backend": "tensorflow"}


def describe(entry):
    """A short shape label for the report: 28x28x1 -> 26x26x32, 3x3."""
    shape = "{} → {}".format("×".join(map(str, entry["in"])), "×".join(map(str, entry["out"])))
    return shape + (", {}×{}".format(*entry["kernel"]) if entry["class"] == "Conv2D" else "")


def _write_part(directory, model, entries, kind, label):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "model.json"), "w") as f:
        json.dump(model, f, indent=1)
    with open(os.path.join(directory, "model.net"), "w") as f:
        f.write(net_text(entries[0]["in"], entries))
    meta = {"kind": kind, "label": label, "flops_per_image": sum(e["flops"] for e in entries),
            "params": sum(e.get("params", 0) for e in entries),
            "input": entries[0]["in"], "output": entries[-1]["out"],
            "softmax": entries[-1]["config"].get("activation") == "softmax"}
    with open(os.path.join(directory, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, ensure_ascii=False)


def split(path, outdir):
    with open(path) as f:
        model = json.load(f)
    entries = layers(model)
    _write_part(os.path.join(outdir, "net"), model, entries, "net", "whole net")
    parts = ["net"]
    for e in entries:
        if e["class"] in WITH_WEIGHTS:
            kind = "conv" if e["class"] == "Conv2D" else "dense"
            _write_part(os.path.join(outdir, e["name"]), single_layer_model(e), [e], kind, describe(e))
            parts.append(e["name"])
    return parts


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] != "split":
        raise SystemExit("usage: keras_model.py split MODEL.json OUTDIR")
    print("\n".join(split(sys.argv[2], sys.argv[3])))
