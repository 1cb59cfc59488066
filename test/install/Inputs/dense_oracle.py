# Oracle of examples/cmake_consumer's model: relu(x @ kernel + bias) in numpy, from the model's TF.js shard.
# usage: dense_oracle.py MODEL_DIR X0 X1 X2   (prints the line the example app prints)
import json
import os
import sys

import numpy as np

model_dir, x = sys.argv[1], np.array(sys.argv[2:], dtype="<f4")
manifest = json.load(open(os.path.join(model_dir, "model.json")))["weightsManifest"][0]
data = np.fromfile(os.path.join(model_dir, manifest["paths"][0]), dtype="<f4")
weights, offset = {}, 0
for w in manifest["weights"]:
    size = int(np.prod(w["shape"]))
    weights[w["name"].split("/")[-1]] = data[offset:offset + size].reshape(w["shape"])
    offset += size
y = np.maximum(x @ weights["kernel"] + weights["bias"], 0)
print("output:" + "".join(" %.6f" % v for v in y))
