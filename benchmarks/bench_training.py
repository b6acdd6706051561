"""Time one training step (forward + backward + SGD update) three ways, on one BLAS thread.

    python -m benchmarks.bench_training

Compares backprop's hand-derived numpy step and its Tensor engine with PyTorch eager CPU
(float64, same weights, one thread) when torch is installed, and reports how much of the
machine's single-thread float64 matmul rate the largest hand step reaches. Methods are
interleaved round by round and summarised by medians, so drifts in machine speed hit all
of them alike. A script, not a test: pytest does not collect benchmarks/.
"""

from benchmarks.one_thread import torch  # first: BLAS on one thread before numpy loads

import os
import statistics
import sys
import time

import numpy as np

from backprop import MLP


# (sizes, batch, activation, loss)
CASES = [
    ((3, 5, 3), 1, "tanh", "mse"), ((3, 5, 3), 64, "tanh", "mse"), ((3, 5, 3), 4096, "tanh", "mse"),
    ((784, 256, 10), 64, "tanh", "mse"), ((784, 256, 10), 1024, "tanh", "mse"),
    ((784, 256, 10), 1024, "relu", "cross_entropy"),
]
RATE_CASES = [case for case in CASES if case[:2] == ((784, 256, 10), 1024)]  # matmul efficiency
LR = 1e-3
SECONDS_PER_SAMPLE = 0.025  # each timing sample repeats the step for about this long


def _data(sizes, n, loss):
    """Inputs, and targets: values in (−0.9, 0.9) for MSE, integer class labels for cross-entropy."""
    rng = np.random.default_rng(0)
    X = rng.normal(size=(n, sizes[0]))
    if loss == "cross_entropy":
        return X, rng.integers(0, sizes[-1], n)
    return X, rng.uniform(-0.9, 0.9, (n, sizes[-1]))


def _torch_step(net, X, Y):
    """A function doing one idiomatic eager step of the same network (float64) in torch."""
    params = [(torch.tensor(layer.W, requires_grad=True), torch.tensor(layer.b, requires_grad=True)) for layer in net.layers]
    flat = [p for pair in params for p in pair]
    Xt, Yt = torch.from_numpy(X), torch.from_numpy(Y)
    activation = {"tanh": torch.tanh, "relu": torch.relu, "sigmoid": torch.sigmoid}[net.activation]
    classifier = net.loss_name == "cross_entropy"

    def step():
        A = Xt
        for l, (W, b) in enumerate(params):
            A = torch.nn.functional.linear(A, W, b)
            if l < len(params) - 1 or not classifier:  # cross-entropy takes the logits
                A = activation(A)
        loss = torch.nn.functional.cross_entropy(A, Yt) if classifier else ((A - Yt) ** 2).mean()
        loss.backward()
        with torch.no_grad():
            for p in flat:
                p.add_(p.grad, alpha=-LR)
                p.grad = None
        return loss.item()

    return step


def _repeats(step):
    start = time.perf_counter()
    step()
    return max(1, int(SECONDS_PER_SAMPLE / max(time.perf_counter() - start, 1e-9)))


def _interleaved_medians(steps, rounds):
    """Median seconds per call of each step, sampled in interleaved rounds."""
    for step in steps.values():  # warm up (allocator, caches, lazy initialisation)
        step(), step()
    repeats = {name: _repeats(step) for name, step in steps.items()}
    samples = {name: [] for name in steps}
    for _ in range(rounds):
        for name, step in steps.items():
            start = time.perf_counter()
            for _ in range(repeats[name]):
                step()
            samples[name].append((time.perf_counter() - start) / repeats[name])
    return {name: statistics.median(times) for name, times in samples.items()}


def _dgemm(n, p, q):
    """A function computing an (n, p) @ (p, q) float64 product, laid out as X @ W.T."""
    rng = np.random.default_rng(1)
    A, B = rng.normal(size=(n, p)), rng.normal(size=(q, p)).T
    return lambda: A @ B


def _step_flops(sizes, n):
    """FLOPs in the matmuls of one hand step: forward X Wᵀ and dW = Gᵀ A in every layer,
    and G W in every layer but the first (nobody needs the input's gradient)."""
    performed = sum((2 if l == 0 else 3) * 2 * n * p * q for l, (p, q) in enumerate(zip(sizes[:-1], sizes[1:])))
    three_per_layer = sum(3 * 2 * n * p * q for p, q in zip(sizes[:-1], sizes[1:]))
    return performed, three_per_layer


def main():
    config = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    print(f"Python {sys.version.split()[0]}, numpy {np.__version__} ({config.get('name')} {config.get('version')}), "
          f"torch {torch.__version__ if torch else 'not installed'}, OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', 'unset')}")
    if torch is None:
        print("torch not installed: ratios skipped")
    print()
    rows, times_by_case = [], {}
    for case in CASES:
        sizes, n, activation, loss = case
        X, Y = _data(sizes, n, loss)
        start = MLP(list(sizes), activation=activation, loss=loss, seed=0)
        hand, engine = start.copy(), start.copy()
        steps = {
            "hand": lambda: hand.step(X, Y, LR),
            "engine": lambda: engine.step(X, Y, LR, method="engine"),
        }
        if torch is not None:
            steps["torch"] = _torch_step(start, X, Y)
            first_losses = {name: steps[name]() for name in ("hand", "engine", "torch")}
            # The same network and data in all three: the first losses agree.
            assert np.allclose(first_losses["hand"], first_losses["torch"], rtol=1e-12), first_losses
            assert np.allclose(first_losses["engine"], first_losses["torch"], rtol=1e-12), first_losses
        if case in RATE_CASES:  # the reference matmul, interleaved with the steps it rates
            steps["dgemm"] = _dgemm(n, sizes[0], sizes[1])
        big = sizes[0] > 100 or n > 1000
        times = _interleaved_medians(steps, rounds=11 if big else 25)
        times_by_case[case] = times
        name = "-".join(map(str, sizes))
        cells = [name, activation, loss, str(n)] + [f"{times[m] * 1e6:,.0f}" for m in ("hand", "engine")]
        if torch is not None:
            cells += [f"{times['torch'] * 1e6:,.0f}", f"{times['hand'] / times['torch']:.2f}", f"{times['engine'] / times['torch']:.2f}"]
        rows.append(cells)
    header = ["network", "activation", "loss", "batch", "hand step (µs)", "engine step (µs)"]
    if torch is not None:
        header += ["torch step (µs)", "hand / torch", "engine / torch"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i < 4 else "---:" for i in range(len(header))) + "|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")

    print()
    for case in RATE_CASES:
        sizes, n, activation, loss = case
        rate = 2 * n * sizes[0] * sizes[1] / times_by_case[case]["dgemm"] / 1e9
        performed, three_per_layer = _step_flops(sizes, n)
        seconds = times_by_case[case]["hand"]
        print(f"{'-'.join(map(str, sizes))} {activation} {loss} batch {n} hand step: {seconds * 1e3:.1f} ms for "
              f"{performed / 1e9:.3f} GFLOP of matmuls = {performed / seconds / 1e9:.1f} GFLOP/s = "
              f"{performed / seconds / 1e9 / rate:.0%} of the single-thread float64 matmul rate measured beside it, "
              f"({n}, {sizes[0]}) @ ({sizes[0]}, {sizes[1]}): {rate:.1f} GFLOP/s")
        print(f"  (counting 3 matmuls in every layer, {three_per_layer / 1e9:.3f} GFLOP, although the step skips the "
              f"input gradient, would claim {three_per_layer / seconds / 1e9 / rate:.0%})")


if __name__ == "__main__":
    main()
