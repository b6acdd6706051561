"""Attention and layer normalization against PyTorch float64, and what attention's two saving
strategies cost, on one BLAS thread.

    python -m benchmarks.bench_attention

Prints the largest relative difference of each output and gradient from torch's (the target is
1e-9), then, for growing sequence lengths n, the bytes each strategy keeps for the backward
pass (P, n × n numbers, or the log-sum-exp, n numbers, beyond Q, K and V) and the time of one
forward + backward with each. A script, not a test: pytest does not collect benchmarks/.
"""

from benchmarks.one_thread import torch  # first: BLAS on one thread before numpy loads

import time

import numpy as np

import backprop as bp


def relative(ours, theirs):
    theirs = theirs.detach().numpy()
    return float(np.max(np.abs(ours - theirs)) / np.max(np.abs(theirs)))


def against_torch(seed=0, n=64, m=48, d=32, dv=16):
    """{what: largest relative difference from torch float64}."""
    F = torch.nn.functional
    rng = np.random.default_rng(seed)
    Q, K, V, G = rng.normal(size=(n, d)), rng.normal(size=(m, d)), rng.normal(size=(m, dv)), rng.normal(size=(n, dv))
    errors = {}
    for causal in (False, True):
        ts = [torch.tensor(a, requires_grad=True) for a in (Q, K, V)]
        out = F.scaled_dot_product_attention(*ts, is_causal=causal)
        out.backward(torch.tensor(G))
        errors[f"attention causal={causal}"] = relative(bp.attention(Q, K, V, causal=causal), out)
        for save in ("probabilities", "logsumexp"):
            grads = bp.attention_vjp(G, Q, K, V, causal=causal, save=save)
            for name, ours, t in zip("QKV", grads, ts):
                errors[f"attention_vjp causal={causal} save={save} d{name}"] = relative(ours, t.grad)
    X, gain, bias, H = rng.normal(2, 3, (n, d)), rng.normal(1, 0.2, d), rng.normal(size=d), rng.normal(size=(n, d))
    ts = [torch.tensor(a, requires_grad=True) for a in (X, gain, bias)]
    out = F.layer_norm(ts[0], (d,), ts[1], ts[2], eps=1e-5)
    out.backward(torch.tensor(H))
    errors["layer_norm"] = relative(bp.layer_norm(X, gain, bias), out)
    for name, ours, t in zip(("X", "gain", "bias"), bp.layer_norm_vjp(H, X, gain, bias), ts):
        errors[f"layer_norm_vjp d{name}"] = relative(ours, t.grad)
    return errors


def best_seconds(f, repeats=7):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


def main():
    if torch is None:
        print("torch not installed: agreement skipped (pip install torch)")
    else:
        errors = against_torch()
        for what, error in errors.items():
            print(f"{what:45s} {error:.1e}")
        print(f"largest: {max(errors.values()):.1e} (target 1e-9)")
    print()
    print("| n | saved beyond Q, K, V, O: P | : log-sum-exp | forward + backward, P (ms) | log-sum-exp (ms) |")
    print("|---:|---:|---:|---:|---:|")
    rng = np.random.default_rng(1)
    for n in (128, 512, 2048):
        Q, K, V, G = (rng.normal(size=(n, 64)) for _ in range(4))
        inputs = Q.nbytes + K.nbytes + V.nbytes + Q.shape[0] * V.shape[1] * 8  # and O, kept in both modes
        row = [str(n)]
        for save in ("probabilities", "logsumexp"):
            row.append(f"{(bp.saved_bytes(bp.ATTENTION.forward(Q, K, V, causal=True, save=save)[1]) - inputs) / 1024:,.0f} KiB")
        for save in ("probabilities", "logsumexp"):
            op = bp.ATTENTION

            def step():
                _, saved = op.forward(Q, K, V, causal=True, save=save)
                op.vjp(G, saved)
            row.append(f"{best_seconds(step) * 1e3:.1f}")
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
