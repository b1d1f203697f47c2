#!/usr/bin/env python3
"""Encoder benchmark against ONNX Runtime: `bert-explorer bench encoder` and the same model exported to ONNX.

The model is exported from `transformers` (BertModel, eager attention) with every attention map and hidden state as
graph outputs (opset 17, dynamic sequence length) and run by ONNX Runtime with ORT_ENABLE_ALL and the same thread
count as ours (BERT_EXPLORER_THREADS). Both sides capture everything, one sentence, no padding.

A shared machine drifts by more than the differences measured, so the sides alternate in short blocks within one
run of this script (ours, then ONNX Runtime, each for --block-seconds) and the result per length is the median of the
per-block ratios ours / ONNX Runtime (with the medians of each side's block medians for reference).

Usage: python3 Benchmarks/encoder_onnx.py [--binary .build/release/bert-explorer] [--threads 2] [--kernel amx,avx512]
           [--lengths 8,16,32,64,128,256,512] [--base-lengths 16,128,512] [--blocks 7] [--block-seconds 0.3]
Build first: swift build -c release
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import tempfile
import time

import numpy as np
import onnxruntime
import torch
from transformers import BertConfig, BertModel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "Samples", "models", "all-MiniLM-L6-v2")


class Everything(torch.nn.Module):
    """BertModel returning (last hidden state, every hidden state, every attention map) as a flat tuple."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def forward(self, input_ids, token_type_ids):
        out = self.model(input_ids=input_ids, token_type_ids=token_type_ids, output_attentions=True,
                         output_hidden_states=True, return_dict=True)
        return (out.last_hidden_state, *out.hidden_states, *out.attentions)


def export(directory, path):
    model = BertModel.from_pretrained(directory, attn_implementation="eager", dtype=torch.float32).eval()
    layers = model.config.num_hidden_layers
    ids = torch.tensor([[101] + [1000 + i for i in range(15)]])
    names = ["last"] + [f"hidden_{i}" for i in range(layers + 1)] + [f"attention_{i}" for i in range(layers)]
    axes = {"input_ids": {1: "tokens"}, "token_type_ids": {1: "tokens"}}
    axes.update({name: {1: "tokens"} for name in names if not name.startswith("attention")})
    axes.update({name: {2: "tokens", 3: "keys"} for name in names if name.startswith("attention")})
    # eval() on the wrapper too: export restores the wrapper's mode afterwards, recursively (dropout).
    wrapper = Everything(model).eval()
    with torch.no_grad():
        torch.onnx.export(wrapper, (ids, torch.zeros_like(ids)), path, input_names=["input_ids", "token_type_ids"],
                          output_names=names, dynamic_axes=axes, opset_version=17, dynamo=False)
        # The exported graph must compute what transformers computes, at a length other than the traced one.
        check = torch.tensor([ids_for(23, model.config.vocab_size)])
        expected = wrapper(check, torch.zeros_like(check))
    got = session(path, 1).run(None, {"input_ids": check.numpy(), "token_type_ids": np.zeros_like(check.numpy())})
    worst = max(float(np.abs(a - b.numpy()).max()) for a, b in zip(got, expected))
    assert len(got) == 2 * layers + 2 and worst < 1e-4, f"ONNX export differs from transformers by {worst}"
    return model.config.vocab_size


def session(path, threads):
    options = onnxruntime.SessionOptions()
    options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    return onnxruntime.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def ids_for(length, vocab):
    # The same ids `bench encoder` uses.
    return [min(101, vocab - 1) if i == 0 else (1000 + 7919 * i) % vocab for i in range(length)]


def ort_block(sess, length, vocab, seconds):
    ids = np.array([ids_for(length, vocab)], dtype=np.int64)
    feeds = {"input_ids": ids, "token_type_ids": np.zeros_like(ids)}
    sess.run(None, feeds)
    samples, begin = [], time.perf_counter()
    while len(samples) < 5 or (time.perf_counter() - begin < seconds and len(samples) < 1000):
        t0 = time.perf_counter()
        sess.run(None, feeds)
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)


def ours_block(binary, directory, length, seconds, threads, kernel):
    env = dict(os.environ, BERT_EXPLORER_THREADS=str(threads))
    output = subprocess.run([binary, "bench", "encoder", "--model", directory, "--json", "--seconds", str(seconds),
                             "--lengths", str(length)] + (["--kernel", kernel] if kernel else []),
                            check=True, capture_output=True, text=True, env=env)
    return json.loads(output.stdout)["lengths"][0]["median_ms"]


def make_bert_base(directory):
    config = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                        intermediate_size=3072, max_position_embeddings=512)
    torch.manual_seed(0)
    BertModel(config).save_pretrained(directory)


def measure(label, directory, lengths, args, temporary):
    path = os.path.join(temporary, label.split()[0] + ".onnx")
    vocab = export(directory, path)
    sess = session(path, args.threads)
    # Each block times ours once per kernel, then ONNX Runtime: every kernel is compared in the same run.
    kernels = args.kernel.split(",") if args.kernel else [None]
    print(f"\n{label}")
    print("| tokens | kernel | bert-explorer ms | ONNX Runtime ms | ours / ORT (median of block ratios) | range |")
    print("|---:|---|---:|---:|---:|---:|")
    for length in lengths:
        ratios, ours, theirs = {kernel: [] for kernel in kernels}, {kernel: [] for kernel in kernels}, []
        for _ in range(args.blocks):
            mine = {kernel: ours_block(args.binary, directory, length, args.block_seconds, args.threads, kernel)
                    for kernel in kernels}
            other = ort_block(sess, length, vocab, args.block_seconds)
            theirs.append(other)
            for kernel in kernels:
                ours[kernel].append(mine[kernel])
                ratios[kernel].append(mine[kernel] / other)
        for kernel in kernels:
            print(f"| {length} | {kernel or 'default'} | {statistics.median(ours[kernel]):.2f} | "
                  f"{statistics.median(theirs):.2f} | {statistics.median(ratios[kernel]):.2f}x | "
                  f"{min(ratios[kernel]):.2f}-{max(ratios[kernel]):.2f} |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "bert-explorer"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--kernel", help="our kernel backends, comma-separated (bench encoder --kernel), each timed "
                                         "in every block; default: the fastest")
    parser.add_argument("--lengths", default="8,16,32,64,128,256,512")
    parser.add_argument("--base-lengths", default="16,128,512")
    parser.add_argument("--blocks", type=int, default=7)
    parser.add_argument("--block-seconds", type=float, default=0.3)
    args = parser.parse_args()
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.machine()) if os.path.exists("/proc/cpuinfo") else platform.machine()
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cpu}, {os.cpu_count()} cores, {args.threads} threads, "
          f"kernel {args.kernel or 'default'}, load average {os.getloadavg()[0]:.2f} at start, onnxruntime {onnxruntime.__version__}, torch {torch.__version__}")
    with tempfile.TemporaryDirectory() as temporary:
        if args.lengths:
            measure("all-MiniLM-L6-v2 (bundled, f16 file)", BUNDLED, [int(x) for x in args.lengths.split(",")], args, temporary)
        if args.base_lengths:
            base = os.path.join(temporary, "bert-base-random")
            make_bert_base(base)
            measure("bert-base shape (random, f32 file)", base, [int(x) for x in args.base_lengths.split(",")], args, temporary)


if __name__ == "__main__":
    main()
