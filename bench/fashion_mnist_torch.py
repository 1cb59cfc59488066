"""The peer for the main job: the course notes' MNIST net trained on Fashion-MNIST by PyTorch with Keras'
defaults (Glorot-uniform kernels, zero biases, Adam lr 1e-3 with Keras' epsilon 1e-7, batch 32, shuffled),
printing the same per-epoch table as examples/fashion_mnist. Usage: fashion_mnist_torch.py [EPOCHS] [THREADS] [SEED]"""
import gzip
import sys
import time

import numpy as np
import torch
from torch import nn

DATA = "/usr/share/datasets/fashion-mnist"


def idx(name):
    with gzip.open(f"{DATA}/{name}", "rb") as f:
        data = f.read()
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def net():
    layers = nn.Sequential(
        nn.Conv2d(1, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 32, 3), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(800, 128), nn.ReLU(), nn.Linear(128, 10))
    for m in layers:
        if isinstance(m, (nn.Conv2d, nn.Linear)):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    return layers


def evaluate(model, x, y):
    with torch.no_grad():
        logits = torch.cat([model(x[i:i + 1000]) for i in range(0, len(x), 1000)])
        loss = nn.functional.cross_entropy(logits, y).item()
        return loss, (logits.argmax(1) == y).float().mean().item()


def main():
    epochs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    torch.manual_seed(int(sys.argv[3]) if len(sys.argv) > 3 else 1)
    # Fashion-MNIST's (h, w) pixels; PyTorch convolves NCHW, Keras NHWC: the same net.
    x = torch.tensor(idx("train-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    y = torch.tensor(idx("train-labels-idx1-ubyte.gz"), dtype=torch.long)
    xt = torch.tensor(idx("t10k-images-idx3-ubyte.gz"), dtype=torch.float32).unsqueeze(1) / 255
    yt = torch.tensor(idx("t10k-labels-idx1-ubyte.gz"), dtype=torch.long)
    model = net()
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7)
    print(f"{'epoch':>5} {'loss':>8} {'accuracy':>9} {'val_loss':>8} {'val_acc':>9} {'seconds':>8} {'images/s':>9}")
    for epoch in range(1, epochs + 1):
        order = torch.randperm(len(x))
        started, loss_sum = time.perf_counter(), 0.0
        for start in range(0, len(x), 32):
            batch = order[start:start + 32]
            loss = nn.functional.cross_entropy(model(x[batch]), y[batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            loss_sum += loss.item() * len(batch)
        seconds = time.perf_counter() - started
        _, accuracy = evaluate(model, x[:10000], y[:10000])
        val_loss, val_accuracy = evaluate(model, xt, yt)
        print(f"{epoch:5d} {loss_sum / len(x):8.4f} {accuracy:9.4f} {val_loss:8.4f} "
              f"{val_accuracy:9.4f} {seconds:8.1f} {len(x) / seconds:9.0f}", flush=True)


if __name__ == "__main__":
    main()
