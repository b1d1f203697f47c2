#!/usr/bin/env python3
"""Encoder benchmark: `bert-explorer bench encoder --json` against PyTorch eager in the same run.

For the bundled all-MiniLM-L6-v2 and for a random bert-base-shaped model (12 layers, hidden 768, 12 heads,
FFN 3072; generated into a temporary directory, stored as float32), prints per length the median forward
latency of both (all attentions and hidden states captured) and the ratio ours / PyTorch, plus load times
and our peak RSS. PyTorch: BertModel, attn_implementation="eager", output_attentions and
output_hidden_states, torch.set_num_threads(2), no_grad.

The machine may be shared: each length is measured in --rounds alternating rounds (ours, then PyTorch) and
each side keeps its best round's median, so a burst of load from other processes hits both sides alike.

Usage: python3 Benchmarks/encoder.py [--binary .build/release/bert-explorer] [--lengths 16,64,128,512] [--rounds 3]
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

import torch
from transformers import BertConfig, BertModel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUNDLED = os.path.join(ROOT, "Samples", "models", "all-MiniLM-L6-v2")


def torch_load(directory):
    torch.set_num_threads(2)
    start = time.perf_counter()
    model = BertModel.from_pretrained(directory, attn_implementation="eager", dtype=torch.float32).eval()
    return model, (time.perf_counter() - start) * 1000


def torch_bench(model, lengths, seconds):
    vocab = model.config.vocab_size
    results = {}
    with torch.no_grad():
        for length in lengths:
            ids = torch.tensor([[min(101, vocab - 1)] + [(1000 + 7919 * i) % vocab for i in range(1, length)]])
            segments = torch.zeros_like(ids)
            for _ in range(3):
                model(input_ids=ids, token_type_ids=segments, output_attentions=True, output_hidden_states=True)
            samples = []
            begin = time.perf_counter()
            while len(samples) < 10 or (time.perf_counter() - begin < seconds and len(samples) < 1000):
                t0 = time.perf_counter()
                model(input_ids=ids, token_type_ids=segments, output_attentions=True, output_hidden_states=True)
                samples.append((time.perf_counter() - t0) * 1000)
            results[length] = statistics.median(samples)
    return results


def ours_bench(binary, directory, lengths, seconds):
    output = subprocess.run([binary, "bench", "encoder", "--model", directory, "--json", "--seconds", str(seconds),
                             "--lengths", ",".join(map(str, lengths))], check=True, capture_output=True, text=True)
    report = json.loads(output.stdout)
    return report, {entry["tokens"]: entry["median_ms"] for entry in report["lengths"]}


def make_bert_base(directory):
    config = BertConfig(vocab_size=30522, hidden_size=768, num_hidden_layers=12, num_attention_heads=12,
                        intermediate_size=3072, max_position_embeddings=512)
    torch.manual_seed(0)
    BertModel(config).save_pretrained(directory)


def weight_mb(directory):
    config = json.load(open(os.path.join(directory, "config.json")))
    d, i, layers = config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"]
    embeddings = (config["vocab_size"] + config["max_position_embeddings"] + config["type_vocab_size"] + 2) * d
    per_layer = 4 * d * d + 4 * d + 2 * d * i + i + d + 4 * d
    return (embeddings + layers * per_layer) * 4 / 2**20


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "bert-explorer"))
    parser.add_argument("--lengths", default="16,64,128,512")
    parser.add_argument("--seconds", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    lengths = [int(x) for x in args.lengths.split(",")]
    cpu = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")),
               platform.machine()) if os.path.exists("/proc/cpuinfo") else platform.machine()
    print(f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, {cpu}, {os.cpu_count()} cores, "
          f"load average {os.getloadavg()[0]:.2f} at start, torch {torch.__version__}")
    with tempfile.TemporaryDirectory() as temporary:
        base = os.path.join(temporary, "bert-base-random")
        make_bert_base(base)
        for label, directory in (("all-MiniLM-L6-v2 (bundled, f16 file)", BUNDLED), ("bert-base shape (random, f32 file)", base)):
            model, torch_load_ms = torch_load(directory)
            ours, theirs, reports = {}, {}, []
            for _ in range(args.rounds):
                for length in lengths:
                    report, measured = ours_bench(args.binary, directory, [length], args.seconds)
                    reports.append(report)
                    ours[length] = min(ours.get(length, float("inf")), measured[length])
                    measured = torch_bench(model, [length], args.seconds)
                    theirs[length] = min(theirs.get(length, float("inf")), measured[length])
            report = dict(load_ms=statistics.median(r["load_ms"] for r in reports),
                          peak_rss_mb=max(r["peak_rss_mb"] for r in reports))
            print(f"\n{label}: load {report['load_ms']:.1f} ms median of runs (PyTorch {torch_load_ms:.1f} ms), "
                  f"peak RSS {report['peak_rss_mb']:.1f} MB (float32 weights {weight_mb(directory):.1f} MB)")
            print("| tokens | bert-explorer ms | PyTorch eager ms | ratio |")
            print("|---:|---:|---:|---:|")
            for length in lengths:
                print(f"| {length} | {ours[length]:.2f} | {theirs[length]:.2f} | {ours[length] / theirs[length]:.2f}x |")


if __name__ == "__main__":
    main()
