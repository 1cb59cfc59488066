"""The gradient groups of train_oracle.py: compute_gradients of every op, pool kind, activation, loss,
BatchNormalization and regularizer against float64 torch autograd and finite differences."""
import numpy as np
import torch

from oracle_cases import check_grads, harness, make_data, read_f32, rel_err, report, split
from reference import conv, dense, forward, layer, loss_of, penalties, pool

# ----------------------------------------------------------------------------------------------
# Group 1: gradients.

SCE = "sparse_categorical_crossentropy"


def group_grad_conv():
    models = [
        {"name": "conv_chain", "input_shape": [7, 9, 2], "loss": SCE, "from_logits": True, "layers": [
            conv("c1", 3, (3, 2), act="tanh"),                                   # valid, 5x8
            conv("c2", 4, (2, 3), strides=(2, 2), padding="same", bias=False),   # same stride 2, 3x4
            conv("c3", 3, (3, 3), padding="same", dilation=(2, 2)),              # same dilation 2, 3x4
            layer("Flatten", "f"), dense("d", 5)]},
        {"name": "conv_odd", "input_shape": [7, 9, 2], "loss": SCE, "layers": [
            conv("c1", 3, (2, 3), dilation=(2, 2), act="relu"),                 # valid dilation 2, 5x5
            conv("c2", 2, (4, 3), strides=(2, 2), padding="same"),              # pads 1/2, 3x3
            conv("c3", 4, (1, 3), strides=(2, 1), bias=False),                  # valid, strides (2, 1): 2x1
            layer("Flatten", "f"), dense("d", 3, act="softmax")]},
    ]
    check_grads(models, fd=("conv_chain",))


def group_grad_pool():
    def pos_conv(name):  # positive outputs for the l2 and lp windows
        return conv(name, 3, (3, 3), padding="same", act="sigmoid")

    def model(name, pools, shape=(11, 13, 2)):
        layers = []
        for i, p in enumerate(pools):
            layers += [pos_conv(f"c{i}"), p]
        return {"name": name, "input_shape": list(shape), "loss": "categorical_crossentropy",
                "from_logits": True, "layers": layers + [layer("Flatten", "f"), dense("d", 4)]}

    def int_weights(shape, rng):  # exact integer sums: ties between different input pixels
        return np.ones(shape)

    ties = {"name": "pool_ties", "input_shape": [6, 7, 2], "loss": SCE, "from_logits": True,
            "input_fn": lambda s, r: r.integers(0, 3, s),
            "init": {"c0/kernel": int_weights, "c1/kernel": int_weights},
            "layers": [conv("c0", 1, (1, 1), bias=False),
                       pool("MaxPooling2D", "max", (3, 3), (2, 2)),
                       layer("Flatten", "f0"), dense("d", 3)]}
    ties_min = dict(ties, name="pool_ties_min", layers=[
        conv("c0", 1, (1, 1), bias=False), pool("MinPooling2D", "min", (2, 3), (1, 2), "same"),
        layer("Flatten", "f0"), dense("d", 3)])
    models = [
        model("pool_max", [pool("MaxPooling2D", "p0", (3, 3), (2, 2)),
                           pool("MaxPooling2D", "p1", (2, 3), (1, 2), "same")]),
        model("pool_avg", [pool("AveragePooling2D", "p0", (3, 2), (2, 1), "same"),
                           pool("AveragePooling2D", "p1", (3, 3), (2, 2))]),
        model("pool_min", [pool("MinPooling2D", "p0", (3, 3), (2, 2), "same"),
                           pool("MinPooling2D", "p1", (2, 2), (1, 1))]),
        model("pool_l2", [pool("L2Pooling2D", "p0", (3, 3), (2, 2)),
                          pool("L2Pooling2D", "p1", (2, 3), (1, 2), "same")]),
        model("pool_lp", [pool("LPPooling2D", "p0", (3, 3), (2, 2), "same", p=3.0),
                          pool("LPPooling2D", "p1", (2, 2), (1, 1), p=2.5)]),
        ties, ties_min,
    ]
    check_grads(models, fd=("pool_lp",))


def group_grad_dense():
    models = [
        {"name": "dense_shapes", "input_shape": [7, 9, 2], "loss": "mean_squared_error", "layers": [
            dense("d4", 3, act="tanh"),                       # Dense on a 4-D input
            layer("Reshape", "r", target_shape=[7, 27]),
            dense("d3", 4, bias=False),                       # Dense on a 3-D input
            layer("Flatten", "f"), dense("d2", 5)]},
        {"name": "dense_conv", "input_shape": [5, 6, 3], "loss": SCE, "from_logits": True, "layers": [
            conv("c", 4, (2, 2), act="elu"), layer("Reshape", "r", target_shape=[5, -1]),
            layer("Flatten", "f"), dense("d1", 6, act="relu"), dense("d2", 4)]},
    ]
    check_grads(models, fd=("dense_shapes",))


ACTIVATION_GROUPS = [
    ["relu", "relu6", "elu", "selu", "sigmoid"],
    ["hard_sigmoid", "tanh", "softplus", "softsign", "swish"],
    ["gelu", "gelu_new", "exponential", "mish", "linear"],
    ["silu", "leaky_relu", "log_softmax", "softmax"],
]


def group_grad_activation():
    models = []
    for i, acts in enumerate(ACTIVATION_GROUPS):
        layers = [dense(f"d_{a}", 6, act=a) for a in acts]
        # softmax after log_softmax saturates with larger weights, and float32 gradients through a
        # saturated softmax lose their relative precision (torch in float32 does no better).
        models.append({"name": f"act{i}", "input_shape": [5], "loss": "mean_squared_error",
                       "scale": 1.0 if "softmax" in acts else 2.5, "layers": layers + [dense("out", 3)]})
    check_grads(models, fd=("act2",))


def group_grad_activation_layers():
    """Keras 3's hard_sigmoid, relu6 beyond 6, and the parameterised activation layers."""
    models = []
    models.append({"name": "act_keras3", "input_shape": [5], "loss": "mean_squared_error",
                   "keras3": True, "scale": 4.0,
                   "layers": [dense("d_hard_sigmoid", 6, act="hard_sigmoid"), dense("out", 3)]})
    models.append({"name": "act_layers", "input_shape": [5], "loss": "mean_squared_error", "scale": 2.5,
                   "layers": [dense("a", 6), layer("ReLU", "relu_p", max_value=1.2, negative_slope=0.1,
                                                   threshold=0.3),
                              dense("b", 6), layer("ReLU", "relu_max", max_value=0.8),
                              dense("c", 6), layer("LeakyReLU", "leaky", alpha=0.25),
                              dense("e", 6), layer("ELU", "elu", alpha=0.7),
                              dense("g", 6), layer("Activation", "act_tanh", activation="tanh"),
                              dense("h", 4), layer("Softmax", "sm"), dense("out", 3)]})
    # relu6 needs inputs beyond 6.
    models.append({"name": "act_relu6", "input_shape": [5], "loss": "mean_squared_error", "scale": 12.0,
                   "layers": [dense("d_relu6", 8, act="relu6"), dense("out", 3)]})
    check_grads(models, fd=("act_layers",))


def group_grad_loss():
    CCE, BCE, MSE = "categorical_crossentropy", "binary_crossentropy", "mean_squared_error"

    def m(name, loss, last, logits=False, layers=None, shape=(4, 5, 2)):
        body = layers or [conv("c", 3, (2, 2), act="tanh"), layer("Flatten", "f")]
        return {"name": name, "input_shape": list(shape), "loss": loss, "from_logits": logits,
                "scale": 2.0, "layers": body + [last]}
    models = [
        m("sce_softmax", SCE, dense("d", 5, act="softmax")),
        m("sce_logits", SCE, dense("d", 5), logits=True),
        m("sce_sigmoid", SCE, dense("d", 5, act="sigmoid")),
        m("sce_softmax_layer", SCE, layer("Activation", "sm", activation="softmax"),
          layers=[conv("c", 3, (2, 2), act="tanh"), layer("Flatten", "f"), dense("d", 5)]),
        m("sce_spatial", SCE, conv("c2", 4, (1, 1), act="softmax"),
          layers=[conv("c", 3, (2, 2), act="tanh")]),
        m("cce_softmax", CCE, dense("d", 5, act="softmax")),
        m("cce_logits", CCE, dense("d", 5), logits=True),
        m("cce_sigmoid", CCE, dense("d", 5, act="sigmoid")),
        m("bce_sigmoid", BCE, dense("d", 4, act="sigmoid")),
        m("bce_logits", BCE, dense("d", 4), logits=True),
        m("bce_softmax", BCE, dense("d", 4, act="softmax")),
        m("mse_linear", MSE, dense("d", 4)),
        m("mse_spatial", MSE, conv("c2", 2, (2, 2), padding="same", act="tanh"),
          layers=[conv("c", 3, (2, 2), act="relu")]),
    ]
    check_grads(models, fd=("cce_sigmoid", "bce_logits"))



def group_batchnorm():
    """BatchNormalization in training mode (batch statistics, Keras 3's biased variance) and frozen
    (trainable=false: the moving statistics, no update): gradients; then one compute_gradients on a
    new batch moves the moving statistics by `momentum` and nothing else, and predict and evaluate
    use the moved statistics. A bias right before a batch norm has a zero gradient (the batch mean
    takes it away), so those layers have none, as is usual."""
    bn = lambda name, **cfg: layer("BatchNormalization", name, **cfg)
    models = [
        {"name": "bn_train", "input_shape": [6, 7, 3], "loss": SCE, "from_logits": True, "layers": [
            conv("c1", 4, (3, 3), padding="same", bias=False), bn("bn1", momentum=0.9),
            layer("Activation", "a1", activation="relu"), pool("MaxPooling2D", "p", (2, 2)),
            conv("c2", 3, (2, 2), bias=False), bn("bn2", center=False, epsilon=0.01),
            layer("Flatten", "f"), dense("d1", 5, bias=False), bn("bn3", scale=False, momentum=0.5),
            dense("d2", 4)]},
        {"name": "bn_frozen", "input_shape": [5, 6, 2], "loss": "mean_squared_error", "layers": [
            conv("c1", 3, (2, 2)), bn("bn1", trainable=False), layer("Activation", "a1", activation="tanh"),
            layer("Flatten", "f"), dense("d", 3, bias=False), bn("bn2", momentum=0.8)]},
    ]
    check_grads(models, fd=("bn_train",))
    rng = np.random.default_rng(11)
    for m in models:
        x, labels = make_data(m, rng, batch=4)
        harness(m, "input", "x.bin", "labels", "y.bin", "grads", "g.bin", "save", "after.bin",
                "predict", "p.bin", "eval", "e.bin")
        w = {n: torch.tensor(v, dtype=torch.float64) for n, v in m["weights"].items()}
        updates = {}
        with torch.no_grad():
            forward(m, w, torch.tensor(x, dtype=torch.float64), training=True, updates=updates)
        after = split(m, read_f32(m, "after.bin"), False)
        for n, _, _ in m["shapes"]:
            if n in updates:
                report(m["name"], f"{n} moved", rel_err(after[n], updates[n]), 1e-5)
            else:
                report(m["name"], f"{n} bit-identical", 0.0 if np.array_equal(after[n], m["weights"][n])
                       else 1.0, 0)
        w = {n: torch.tensor(v, dtype=torch.float64) for n, v in after.items()}
        with torch.no_grad():
            y = forward(m, w, torch.tensor(x, dtype=torch.float64))[0]
            loss = loss_of(m, w, torch.tensor(x, dtype=torch.float64), torch.tensor(labels), training=False)
        report(m["name"], "predict with the moved statistics", rel_err(read_f32(m, "p.bin"), y.numpy().ravel()), 1e-5)
        report(m["name"], "evaluate's loss with the moved statistics",
               abs(read_f32(m, "e.bin")[0] - loss.item()) / abs(loss.item()), 1e-5)


def group_regularizers():
    """kernel_regularizer / bias_regularizer (L1, L2, L1L2, the l1/l2/l1_l2 shortcuts, Keras 3's class
    names and TF.js'): their penalties in the loss of compute_gradients and evaluate, and in the
    gradients; a frozen layer's regularizer adds nothing (Keras 3 counts trainable weights only).
    activity_regularizer and ActivityRegularization, in Keras 2's form (/ batch) and Keras 3's.
    Weights set to exactly 0 check |w|'s gradient there (0, as TensorFlow's)."""
    reg = lambda cls, **cfg: {"class_name": cls, "config": cfg}
    zeros_at = lambda shape, rng: np.where(rng.uniform(0, 1, shape) < 0.3, 0.0,
                                           rng.uniform(-0.6, 0.6, shape))
    models = [
        {"name": "reg_conv", "input_shape": [6, 7, 2], "loss": SCE, "from_logits": True,
         "init": {"c1/kernel": zeros_at},
         "layers": [
             dict(conv("c1", 3, (3, 3), act="relu"), config=dict(
                 conv("c1", 3, (3, 3), act="relu")["config"], kernel_regularizer=reg("L1", l1=0.05),
                 bias_regularizer="l2")),
             layer("Flatten", "f"),
             dict(dense("d1", 5, act="tanh"), config=dict(
                 dense("d1", 5, act="tanh")["config"], kernel_regularizer=reg("L1L2", l1=0.01, l2=0.03))),
             dict(dense("d2", 4), config=dict(dense("d2", 4)["config"], kernel_regularizer="l1_l2",
                                             bias_regularizer=reg("L2")))]},
        {"name": "reg_frozen", "input_shape": [5], "loss": "mean_squared_error",
         "layers": [
             dict(dense("a", 4, trainable=False), config=dict(
                 dense("a", 4, trainable=False)["config"], kernel_regularizer=reg("L2", l2=0.5))),
             dict(dense("b", 3), config=dict(dense("b", 3)["config"], kernel_regularizer=reg("L2", l2=0.1),
                                            bias_regularizer=reg("L1", l1=0.2)))]},
    ]
    # Activity regularizers (a layer's activity_regularizer, and the ActivityRegularization layer): a
    # penalty on the layer's output, divided by the batch in Keras 2, not in Keras 3; a frozen layer's
    # output is penalised too.
    def activity_net(name, keras3):
        c1 = conv("c1", 3, (3, 3), act="relu")
        d1 = dense("d1", 5, act="tanh", trainable=not keras3)
        return {"name": name, "input_shape": [6, 7, 2], "loss": SCE, "from_logits": True, "keras3": keras3,
                "layers": [dict(c1, config=dict(c1["config"], activity_regularizer=reg("L1", l1=0.01))),
                           layer("Flatten", "f"),
                           dict(d1, config=dict(d1["config"], activity_regularizer="l2")),
                           layer("ActivityRegularization", "ar", l1=0.02, l2=0.05),
                           dense("d2", 4)]}
    models += [activity_net("activity_keras2", False), activity_net("activity_keras3", True)]
    check_grads(models, fd=("reg_conv", "activity_keras2"))
    rng = np.random.default_rng(12)
    for m in models:
        x, labels = make_data(m, rng, batch=4)
        harness(m, "input", "x.bin", "labels", "y.bin", "eval", "e.bin")
        w = {n: torch.tensor(v, dtype=torch.float64) for n, v in m["weights"].items()}
        with torch.no_grad():
            loss = loss_of(m, w, torch.tensor(x, dtype=torch.float64), torch.tensor(labels), training=False)
            penalty = penalties(m, w)
        report(m["name"], f"evaluate's loss (penalties {float(penalty):.4f} included)",
               abs(read_f32(m, "e.bin")[0] - loss.item()) / abs(loss.item()), 1e-5)


def group_grad_structural():
    """Padding and cropping, global and channel pooling, merges and Concatenate (Functional models)."""
    def node(spec, *inbound):  # a Functional model's layer and the layers it reads
        return dict(spec, inbound=list(inbound))

    def ones(shape, rng):  # integer sums of integer inputs: exact ties
        return np.ones(shape)

    def ints(shape, rng):
        return rng.integers(0, 3, shape)

    def tied_sums(shape, rng):  # x0 + x1 = 2 + bump: many cells share the extreme sum, from different x
        x0 = rng.integers(0, 3, shape[:-1])
        bump = rng.choice([-1, 0, 1], size=shape[:-1], p=[0.2, 0.6, 0.2])
        return np.stack([x0, 2 - x0 + bump], -1)

    def sequential(name, body, shape=(6, 7, 2), **extra):
        m = {"name": name, "input_shape": list(shape), "loss": SCE, "from_logits": True,
             "layers": body + [dense("d", 3)]}
        m.update(extra)
        return m

    def tanh_conv(name, filters=4, kernel=(3, 3)):
        return conv(name, filters, kernel, act="tanh")

    def positive_conv(name, filters=4):  # positive outputs for the l2 and lp windows
        return conv(name, filters, (3, 3), padding="same", act="sigmoid")

    def global_pool(cls, name, keepdims=False, **cfg):
        return layer(cls, name, keepdims=keepdims, data_format="channels_last", **cfg)

    def channel_pool(name, kind, size, strides, **cfg):
        return layer("ChannelPooling2D", name, kind=kind, pool_size=size, strides=strides, **cfg)

    flat = layer("Flatten", "f")
    ties = {"input_fn": ints, "init": {"c0/kernel": ones}}
    global_ties = dict(ties, input_fn=tied_sums)
    padding = [
        sequential("pad_crop", [tanh_conv("c0", 3), layer("ZeroPadding2D", "pad", padding=[[1, 2], [0, 3]]),
                                tanh_conv("c1", 4, (2, 2)), layer("Cropping2D", "crop", cropping=[[0, 1], [2, 1]]),
                                conv("c2", 2, (2, 2)), flat]),
    ]
    globals_ = [
        sequential("global_max", [tanh_conv("c0"), global_pool("GlobalMaxPooling2D", "g")]),
        sequential("global_max_keepdims", [tanh_conv("c0"), global_pool("GlobalMaxPooling2D", "g", True),
                                           tanh_conv("c1", 3, (1, 1)), flat]),
        sequential("global_avg", [tanh_conv("c0"), global_pool("GlobalAveragePooling2D", "g")]),
        sequential("global_avg_keepdims", [tanh_conv("c0"), global_pool("GlobalAveragePooling2D", "g", True),
                                           flat]),
        sequential("global_min_keepdims", [positive_conv("c0"), global_pool("GlobalMinPooling2D", "g", True),
                                           flat]),
        sequential("global_l2", [positive_conv("c0"), global_pool("GlobalL2Pooling2D", "g")]),
        sequential("global_lp_keepdims", [positive_conv("c0"),
                                          global_pool("GlobalLPPooling2D", "g", True, p=3.0), flat]),
        # Integer data through a ones kernel: many cells of a map hold its maximum (minimum), from
        # different inputs, and the gradient splits evenly among them (the first alone would differ).
        sequential("global_max_ties", [conv("c0", 2, (1, 1), bias=False),
                                       global_pool("GlobalMaxPooling2D", "g")], **global_ties),
        sequential("global_min_ties", [conv("c0", 2, (1, 1), bias=False),
                                       global_pool("GlobalMinPooling2D", "g", True), flat], **global_ties),
    ]
    channels = [
        sequential("channel_max", [tanh_conv("c0", 7), channel_pool("cp", "max", 3, 2), flat]),
        sequential("channel_min", [tanh_conv("c0", 6), channel_pool("cp", "min", 2, 2), flat]),
        sequential("channel_avg", [tanh_conv("c0", 8), channel_pool("cp", "avg", 2, 3), flat]),
        sequential("channel_l2", [positive_conv("c0", 6), channel_pool("cp", "l2", 3, 1), flat]),
        sequential("channel_lp", [positive_conv("c0", 6), channel_pool("cp", "lp", 2, 2, p=2.5), flat]),
        # Four equal channels: every overlapping window's gradient goes to its first channel.
        sequential("channel_max_ties", [conv("c0", 4, (1, 1), bias=False),
                                        channel_pool("cp", "max", 2, 1), flat], **ties),
    ]

    def functional(name, graph, shape=(5, 6, 2), **extra):
        m = {"name": name, "input_shape": list(shape), "loss": SCE, "from_logits": True,
             "graph": graph + [node(layer("Flatten", "f"), graph[-1]["config"]["name"]),
                               node(dense("d", 3), "f")]}
        m.update(extra)
        return m

    merges = [
        functional("merge_arith", [
            node(tanh_conv("a", 3), "input"), node(tanh_conv("b", 3), "input"),
            node(layer("Subtract", "s"), "a", "b"),
            node(layer("Multiply", "m"), "a", "b", "s"),
            node(layer("Average", "v"), "m", "a", "b"),
            node(layer("Add", "t"), "v", "a")]),
        functional("merge_extremes", [
            node(tanh_conv("a", 3), "input"), node(tanh_conv("b", 3), "input"),
            node(tanh_conv("c", 3), "input"),
            node(layer("Maximum", "max"), "a", "b", "c"), node(layer("Minimum", "min"), "b", "a"),
            node(layer("Concatenate", "cat", axis=-1), "max", "min")]),
        # Two equal branches: maximum's gradient goes all to its first input (a), minimum's to its first (b).
        functional("merge_ties", [
            node(conv("a", 2, (1, 1), bias=False), "input"), node(conv("b", 2, (1, 1), bias=False), "input"),
            node(layer("Maximum", "max"), "a", "b"), node(layer("Minimum", "min"), "b", "a"),
            node(layer("Concatenate", "cat", axis=-1), "max", "min")],
            input_fn=ints, init={"a/kernel": ones, "b/kernel": ones}),
        functional("concat", [
            node(tanh_conv("a", 3), "input"), node(tanh_conv("b", 2), "input"),
            node(layer("Concatenate", "cat_c", axis=-1), "a", "b", "a"),          # [3, 4, 8]
            node(tanh_conv("c", 8, (4, 3)), "input"),                             # [2, 4, 8]
            node(layer("Concatenate", "cat_h", axis=1), "cat_c", "c"),            # [5, 4, 8]
            node(layer("Concatenate", "cat_w", axis=2), "cat_h", "cat_h")]),       # [5, 8, 8]
    ]
    check_grads(padding + globals_ + channels + merges, fd=("pad_crop", "merge_arith", "global_max"))
