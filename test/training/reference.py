"""The float64 PyTorch reference for cnnc's training oracles: the layers' Keras JSON, and the forward
pass, losses and gradients written from the documented semantics (README table, CNNOps.td,
CNNTrainingOps.td), not from cnnc's code. Used by train_oracle.py."""
import math

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)

# ----------------------------------------------------------------------------------------------
# Layers: each returns (keras layer JSON, [(weight name, shape)]).


def conv(name, filters, kernel, strides=(1, 1), padding="valid", dilation=(1, 1), bias=True,
         act="linear", trainable=True):
    cfg = {"name": name, "filters": filters, "kernel_size": list(kernel), "strides": list(strides),
           "padding": padding, "dilation_rate": list(dilation), "use_bias": bias,
           "activation": act, "trainable": trainable, "data_format": "channels_last"}
    return {"class_name": "Conv2D", "config": cfg}


def pool(cls, name, size, strides=None, padding="valid", p=None):
    cfg = {"name": name, "pool_size": list(size), "strides": list(strides or size),
           "padding": padding, "data_format": "channels_last"}
    if p is not None:
        cfg["p"] = p
    return {"class_name": cls, "config": cfg}


def dense(name, units, act="linear", bias=True, trainable=True):
    return {"class_name": "Dense", "config": {"name": name, "units": units, "activation": act,
                                              "use_bias": bias, "trainable": trainable}}


def layer(cls, name, **cfg):
    return {"class_name": cls, "config": dict(name=name, **cfg)}


def graph_of(model):
    """[(name, spec, inbound names)] in evaluation order: a Sequential model's "layers" as a chain, or a
    Functional model's "graph", whose specs list the layers they read in "inbound" ("input": the input)."""
    if "graph" in model:
        return [(spec["config"]["name"], spec, spec["inbound"]) for spec in model["graph"]]
    nodes, previous = [], "input"
    for spec in model["layers"]:
        nodes.append((spec["config"]["name"], spec, [previous]))
        previous = spec["config"]["name"]
    return nodes


def weight_shapes(model):
    """[(name, shape, trainable)] in the model file's order, from a shape walk of the layers."""
    out = []
    values = {"input": torch.zeros([1] + list(model["input_shape"]))}
    for name, spec, inbound in graph_of(model):
        c = spec["config"]
        cls = spec["class_name"]
        tr = c.get("trainable", True)
        x = values[inbound[0]]
        if cls == "Conv2D":
            out.append((c["name"] + "/kernel", c["kernel_size"] + [x.shape[-1], c["filters"]], tr))
            if c["use_bias"]:
                out.append((c["name"] + "/bias", [c["filters"]], tr))
        elif cls == "Dense":
            out.append((c["name"] + "/kernel", [x.shape[-1], c["units"]], tr))
            if c["use_bias"]:
                out.append((c["name"] + "/bias", [c["units"]], tr))
        elif cls == "BatchNormalization":
            ch = [x.shape[-1]]
            out += [(c["name"] + "/" + k, ch, tr) for k, on in (("gamma", c.get("scale", True)),
                                                               ("beta", c.get("center", True))) if on]
            out += [(c["name"] + "/moving_mean", ch, False), (c["name"] + "/moving_variance", ch, False)]
        w = {n: torch.zeros(s) for n, s, _ in out}
        values[name] = apply_layer(spec, layer_inputs(values, inbound), w)[0]
    return out


def layer_inputs(values, inbound):
    """A layer's input: one tensor, or the list a merge layer takes."""
    inputs = [values[n] for n in inbound]
    return inputs[0] if len(inputs) == 1 else inputs


# ----------------------------------------------------------------------------------------------
# The float64 reference, NHWC, written from the README's semantics.


def same_pads(n, k, s, d):
    out = -(-n // s)
    total = max((out - 1) * s + (k - 1) * d + 1 - n, 0)
    return total // 2, total - total // 2


def activation(x, act, keras3=False):
    if isinstance(act, dict):  # the ReLU layer's parameters
        mv, ns, th = act.get("max_value"), act.get("negative_slope", 0.0), act.get("threshold", 0.0)
        pos = torch.clamp(x, min=0.0) if mv is None else torch.clamp(x, 0.0, mv)
        return torch.where(x > th, pos, ns * (x - th))
    if act in ("linear", None):
        return x
    if act == "relu":
        return torch.where(x > 0, x, torch.zeros_like(x))
    if act == "relu6":
        return torch.clamp(x, 0.0, 6.0)
    if act == "leaky_relu":
        return torch.where(x > 0, x, 0.2 * x)
    if act == "elu":
        return torch.where(x > 0, x, torch.exp(x) - 1)
    if act == "selu":
        a, s = 1.6732632423543772, 1.0507009873554805
        return s * torch.where(x > 0, x, a * (torch.exp(x) - 1))
    if act == "sigmoid":
        return 1 / (1 + torch.exp(-x))
    if act == "hard_sigmoid":
        return torch.clamp(x + 3, 0, 6) / 6 if keras3 else torch.clamp(0.2 * x + 0.5, 0, 1)
    if act == "tanh":
        return torch.tanh(x)
    if act == "softplus":
        return torch.log1p(torch.exp(x))
    if act == "softsign":
        return x / (1 + torch.abs(x))
    if act in ("swish", "silu"):
        return x / (1 + torch.exp(-x))
    if act == "gelu":
        return 0.5 * x * (1 + torch.erf(x / math.sqrt(2)))
    if act == "gelu_new":
        return 0.5 * x * (1 + torch.tanh(math.sqrt(2 / math.pi) * (x + 0.044715 * x ** 3)))
    if act == "exponential":
        return torch.exp(x)
    if act == "mish":
        return x * torch.tanh(torch.log1p(torch.exp(x)))
    if act == "softmax":
        e = torch.exp(x - x.max(-1, keepdim=True).values)
        return e / e.sum(-1, keepdim=True)
    if act == "log_softmax":
        m = x - x.max(-1, keepdim=True).values
        return m - torch.log(torch.exp(m).sum(-1, keepdim=True))
    raise ValueError(act)


def first_extreme(win, largest):
    """Index of the first (row-major) max or min of each window: TF's gradient routing."""
    with torch.no_grad():
        ext = win.max(1, keepdim=True).values if largest else win.min(1, keepdim=True).values
        cells = win.shape[1]
        score = (win == ext).double() * (cells - torch.arange(cells).view(1, cells, 1))
        return score.argmax(1, keepdim=True)


def pool2d(x, kind, size, strides, padding, p=None):
    n, h, w, c = x.shape
    (kh, kw), (sh, sw) = size, strides
    if padding == "same":
        (pt, _), (pl, _) = same_pads(h, kh, sh, 1), same_pads(w, kw, sw, 1)
        oh, ow = -(-h // sh), -(-w // sw)
    else:
        pt = pl = 0
        oh, ow = (h - kh) // sh + 1, (w - kw) // sw + 1
    rows = []
    for i in range(oh):
        cols = []
        for j in range(ow):
            r0, c0 = i * sh - pt, j * sw - pl
            win = x[:, max(r0, 0):min(r0 + kh, h), max(c0, 0):min(c0 + kw, w), :]
            win = win.reshape(n, -1, c)  # cells in row-major order; padded cells left out
            if kind in ("max", "min"):
                v = torch.gather(win, 1, first_extreme(win, kind == "max"))[:, 0]
            elif kind == "avg":
                v = win.mean(1)
            elif kind == "l2":
                v = torch.sqrt((win * win).sum(1))
            else:
                v = (win ** p).sum(1) ** (1.0 / p)
            cols.append(v)
        rows.append(torch.stack(cols, 1))
    return torch.stack(rows, 1)


def batch_norm(x, w, c, training, updates):
    """Keras 3's BatchNormalization: batch statistics (biased variance) while training a trainable
    layer, recording the moving statistics' update in `updates`; the moving statistics otherwise."""
    n, eps = c["name"], c.get("epsilon", 1e-3)
    gamma = w[n + "/gamma"] if c.get("scale", True) else 1.0
    beta = w[n + "/beta"] if c.get("center", True) else 0.0
    if training and c.get("trainable", True):
        dims = tuple(range(x.dim() - 1))
        mean = x.mean(dims)
        var = ((x - mean) ** 2).mean(dims)
        if updates is not None:
            m = c.get("momentum", 0.99)
            for k, batch in (("moving_mean", mean), ("moving_variance", var)):
                updates[f"{n}/{k}"] = w[f"{n}/{k}"] * m + batch.detach() * (1 - m)
    else:
        mean, var = w[n + "/moving_mean"], w[n + "/moving_variance"]
    return gamma * (x - mean) / torch.sqrt(var + eps) + beta


def global_pool(x, kind, keepdims, p=None):
    """Keras' GlobalMax/AveragePooling2D (tf.reduce_max, tf.reduce_mean) and cnnc's min, l2, lp over H and W.
    torch's amax/amin split the gradient evenly among tied extremes, as TensorFlow's reduce_max does."""
    if kind == "max":
        y = x.amax((1, 2))
    elif kind == "min":
        y = x.amin((1, 2))
    elif kind == "avg":
        y = x.mean((1, 2))
    elif kind == "l2":
        y = torch.sqrt((x * x).sum((1, 2)))
    else:
        y = (x ** p).sum((1, 2)) ** (1.0 / p)
    return y[:, None, None, :] if keepdims else y


def channel_pool(x, kind, size, stride, p=None):
    """cnnc's ChannelPooling2D (README): output channel o pools input channels [o*stride, o*stride + size);
    max and min take the window's first extreme (the gradient goes there, as for pool2d)."""
    n, h, w, c = x.shape
    outs = []
    for o in range((c - size) // stride + 1):
        win = x[..., o * stride:o * stride + size]
        if kind in ("max", "min"):
            cells = win.reshape(-1, size, 1)
            v = torch.gather(cells, 1, first_extreme(cells, kind == "max")).reshape(n, h, w)
        elif kind == "avg":
            v = win.mean(-1)
        elif kind == "l2":
            v = torch.sqrt((win * win).sum(-1))
        else:
            v = (win ** p).sum(-1) ** (1.0 / p)
        outs.append(v)
    return torch.stack(outs, -1)


def sides(value, default):
    """Keras' ZeroPadding2D / Cropping2D amounts: n, (h, w) or ((top, bottom), (left, right))."""
    if value is None:
        value = default
    if isinstance(value, int):
        return value, value, value, value
    if isinstance(value[0], int):
        return value[0], value[0], value[1], value[1]
    return value[0][0], value[0][1], value[1][0], value[1][1]


def merge(cls, xs):
    """Keras' merge layers. Maximum and Minimum fold left to right (out = x0; out = maximum(out, xi)), and
    TensorFlow's gradient of maximum(a, b) goes to a where a >= b (minimum: a <= b), so a tie goes to the
    earliest input: torch.where with those conditions routes it the same way."""
    out = xs[0]
    for x in xs[1:]:
        if cls in ("Add", "Average"):
            out = out + x
        elif cls == "Subtract":
            out = out - x
        elif cls == "Multiply":
            out = out * x
        elif cls == "Maximum":
            out = torch.where(out >= x, out, x)
        else:
            out = torch.where(out <= x, out, x)
    return out / len(xs) if cls == "Average" else out


POOLS = {"MaxPooling2D": "max", "AveragePooling2D": "avg", "MinPooling2D": "min",
         "L2Pooling2D": "l2", "LPPooling2D": "lp"}
GLOBAL_POOLS = {"Global" + cls: kind for cls, kind in POOLS.items()}
MERGES = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum")


def apply_layer(spec, x, w, keras3=False, training=False, updates=None):
    """(output, pre-activation or None)."""
    cls, c = spec["class_name"], spec["config"]
    if cls == "BatchNormalization":
        return batch_norm(x, w, c, training, updates), None
    if cls == "Conv2D":
        k = w[c["name"] + "/kernel"]
        kh, kw = c["kernel_size"]
        (sh, sw), (dh, dw) = c["strides"], c["dilation_rate"]
        t = x.permute(0, 3, 1, 2)
        if c["padding"] == "same":
            t = F.pad(t, same_pads(x.shape[2], kw, sw, dw) + same_pads(x.shape[1], kh, sh, dh))
        z = F.conv2d(t, k.permute(3, 2, 0, 1), stride=(sh, sw), dilation=(dh, dw)).permute(0, 2, 3, 1)
        if c["use_bias"]:
            z = z + w[c["name"] + "/bias"]
        return activation(z, c["activation"], keras3), z
    if cls == "Dense":
        z = torch.matmul(x, w[c["name"] + "/kernel"])
        if c["use_bias"]:
            z = z + w[c["name"] + "/bias"]
        return activation(z, c["activation"], keras3), z
    if cls in POOLS:
        return pool2d(x, POOLS[cls], c["pool_size"], c["strides"], c["padding"], c.get("p")), None
    if cls in GLOBAL_POOLS:
        return global_pool(x, GLOBAL_POOLS[cls], c.get("keepdims", False), c.get("p")), None
    if cls == "ChannelPooling2D":
        stride = c.get("strides", c["pool_size"])
        stride = stride[0] if isinstance(stride, list) else stride
        return channel_pool(x, c.get("kind", "max"), c["pool_size"], stride, c.get("p")), None
    if cls == "ZeroPadding2D":
        t, b, l, r = sides(c.get("padding"), 1)
        return F.pad(x, (0, 0, l, r, t, b)), None
    if cls == "Cropping2D":
        t, b, l, r = sides(c.get("cropping"), 0)
        return x[:, t:x.shape[1] - b, l:x.shape[2] - r, :], None
    if cls in MERGES:
        return merge(cls, x), None
    if cls == "Concatenate":
        return torch.cat(x, dim=c.get("axis", -1)), None
    if cls == "Flatten":
        return x.reshape(x.shape[0], -1), None
    if cls == "ActivityRegularization":
        return x, None
    if cls == "Reshape":
        return x.reshape([x.shape[0]] + c["target_shape"]), None
    if cls == "Activation":
        return activation(x, c["activation"], keras3), x
    if cls == "ReLU":
        return activation(x, {k: c[k] for k in ("max_value", "negative_slope", "threshold") if k in c}), x
    if cls == "LeakyReLU":
        return torch.where(x > 0, x, c.get("alpha", 0.3) * x), x
    if cls == "ELU":
        return torch.where(x > 0, x, c.get("alpha", 1.0) * (torch.exp(x) - 1)), x
    if cls == "Softmax":
        return activation(x, "softmax"), x
    raise ValueError(cls)


def final_activation(spec):
    c = spec["config"]
    if spec["class_name"] in ("Dense", "Conv2D", "Activation"):
        return c["activation"]
    return "softmax" if spec["class_name"] == "Softmax" else None


def forward(model, w, x, training=False, updates=None, activity=None):
    """(output, the last layer's pre-activation, its activation) of a Sequential or Functional model;
    in training mode, batch norms record their moving statistics' update in `updates`; the layers'
    activity penalties are appended to `activity`."""
    values = {"input": x}
    for name, spec, inbound in graph_of(model):
        values[name], pre = apply_layer(spec, layer_inputs(values, inbound), w, model.get("keras3", False),
                                        training, updates)
        if activity is not None:
            activity.append(activity_penalty(spec, values[name], model.get("keras3", False)))
    return values[name], pre, final_activation(spec)


EPS = 1e-7


REGULARIZER_DEFAULTS = {"L1": (0.01, 0.0), "l1": (0.01, 0.0), "L2": (0.0, 0.01), "l2": (0.0, 0.01),
                        "L1L2": (0.0, 0.0), "l1_l2": (0.01, 0.01)}


def penalties(model, w):
    """Keras 3's regularization losses: l1 * sum|w| + l2 * sum w^2 of each regularized trainable weight."""
    total = 0.0
    for _, spec, _ in graph_of(model):
        c = spec["config"]
        for kind in ("kernel", "bias", "gamma", "beta"):
            r = c.get(kind + "_regularizer")
            if r is None or not c.get("trainable", True) or f"{c['name']}/{kind}" not in w:
                continue
            name, cfg = (r, {}) if isinstance(r, str) else (r["class_name"], r.get("config", {}))
            l1, l2 = REGULARIZER_DEFAULTS[name]
            l1, l2 = cfg.get("l1", l1), cfg.get("l2", l2)
            v = w[f"{c['name']}/{kind}"]
            total = total + l1 * v.abs().sum() + l2 * (v * v).sum()
    return total


def activity_penalty(spec, y, keras3):
    """A layer's activity regularization loss on its output y: its activity_regularizer, or an
    ActivityRegularization layer's L1L2(l1, l2); Keras 2 divides it by the batch, Keras 3 does not."""
    c = spec["config"]
    if spec["class_name"] == "ActivityRegularization":
        l1, l2 = c.get("l1", 0.0), c.get("l2", 0.0)
    elif c.get("activity_regularizer"):
        r = c["activity_regularizer"]
        name, cfg = (r, {}) if isinstance(r, str) else (r["class_name"], r.get("config", {}))
        l1, l2 = REGULARIZER_DEFAULTS[name]
        l1, l2 = cfg.get("l1", l1), cfg.get("l2", l2)
    else:
        return 0.0
    penalty = l1 * y.abs().sum() + l2 * (y * y).sum()
    return penalty if keras3 else penalty / y.shape[0]


def loss_of(model, w, x, labels, training=True):
    """Keras' loss (CNNTrainingOps.td): per-sample mean over all non-batch positions, then the batch,
    plus the regularization penalties of weights and activities. A gradient is taken in training mode,
    an evaluation not."""
    activity = []
    loss = data_loss(model, w, x, labels, training, activity)
    return loss + sum(activity) + penalties(model, w)


def data_loss(model, w, x, labels, training, activity=None):
    y, z, last = forward(model, w, x, training, activity=activity)
    kind, logits = model["loss"], model.get("from_logits", False)
    if kind == "sparse_categorical_crossentropy":
        if logits or last == "softmax":
            lp = activation(z if not logits else y, "log_softmax")
        else:
            lp = torch.log(torch.clamp(y, EPS, 1 - EPS))
        return -torch.gather(lp, -1, labels.long().unsqueeze(-1)).mean()
    if kind == "categorical_crossentropy":
        if logits or last == "softmax":
            lp = activation(z if not logits else y, "log_softmax")
        else:
            lp = torch.log(torch.clamp(y / y.sum(-1, keepdim=True), EPS, 1 - EPS))
        return -(labels * lp).sum(-1).mean()
    if kind == "binary_crossentropy":
        if logits or last == "sigmoid":
            t = z if not logits else y
            return (F.softplus(t) - t * labels).mean()
        p = torch.clamp(y, EPS, 1 - EPS)
        return -(labels * torch.log(p) + (1 - labels) * torch.log(1 - p)).mean()
    if kind == "mean_squared_error":
        return ((y - labels) ** 2).mean()
    raise ValueError(kind)


def reference_grads(model, weights, x, labels, dtype=torch.float64):
    w = {n: torch.tensor(v, dtype=dtype, requires_grad=True) for n, v in weights.items()}
    loss = loss_of(model, w, torch.tensor(x, dtype=dtype), torch.tensor(labels))
    trainable = [n for n, _, t in model["shapes"] if t]
    grads = torch.autograd.grad(loss, [w[n] for n in trainable])
    return loss.item(), {n: g.numpy() for n, g in zip(trainable, grads)}


def finite_difference(model, weights, x, labels, name, count, rng, h=1e-6):
    """Central differences of the float64 reference loss at `count` random elements of one weight."""
    xt, lt = torch.tensor(x, dtype=torch.float64), torch.tensor(labels)
    base = {n: torch.tensor(v, dtype=torch.float64) for n, v in weights.items()}
    flat = base[name].reshape(-1)
    picks = rng.choice(flat.numel(), size=min(count, flat.numel()), replace=False)
    out = []
    for i in picks:
        vals = []
        for sign in (1, -1):
            w = dict(base)
            t = flat.clone()
            t[i] += sign * h
            w[name] = t.reshape(base[name].shape)
            with torch.no_grad():
                vals.append(loss_of(model, w, xt, lt).item())
        out.append((vals[0] - vals[1]) / (2 * h))
    return picks, np.array(out)


