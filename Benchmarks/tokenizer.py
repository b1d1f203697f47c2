#!/usr/bin/env python3
"""Hugging Face `tokenizers` baseline for `bert-explorer bench tokenizer`, in the same run.

Runs `Tokenizer.encode` line by line on one thread (TOKENIZERS_PARALLELISM=false, truncation and padding off)
on the same file, runs `bert-explorer bench tokenizer --json` (release build) on it, and prints both and the ratio.

    python3 Benchmarks/tokenizer.py [FILE ...] [--model DIR] [--binary PATH] [--repeat N]
"""
import argparse
import json
import os
import subprocess
import sys
import time

os.environ["TOKENIZERS_PARALLELISM"] = "false"
from tokenizers import Tokenizer  # noqa: E402

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def hf_bench(model, path, repeat):
    tok = Tokenizer.from_file(os.path.join(model, "tokenizer.json"))
    tok.no_truncation()
    tok.no_padding()
    with open(path, "rb") as f:
        lines = [l[:-1] if l.endswith(b"\r") else l for l in f.read().split(b"\n")]
    lines = [l.decode("utf-8", "replace") for l in lines]
    size = sum(len(l.encode("utf-8")) for l in lines)
    best, tokens = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        tokens = 0
        for line in lines:
            tokens += len(tok.encode(line).ids)
        best = min(best, time.perf_counter() - start)
    return {"bytes": size, "lines": len(lines), "tokens": tokens, "seconds": best,
            "mb_per_s": size / 1e6 / best, "lines_per_s": len(lines) / best}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="*", default=[os.path.join(ROOT, "Benchmarks", "tokenizer-multilingual.txt"),
                                                     os.path.join(ROOT, "Benchmarks", "tokenizer-english.txt")])
    parser.add_argument("--model", default=os.path.join(ROOT, "Samples", "models", "all-MiniLM-L6-v2"))
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build", "release", "bert-explorer"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not os.path.exists(args.binary):
        subprocess.run(["swift", "build", "-c", "release", "--product", "bert-explorer"], cwd=ROOT, check=True)
    print("%-28s %12s %12s %12s %12s %8s" % ("file", "HF MB/s", "HF lines/s", "ours MB/s", "ours lines/s", "ratio"))
    for path in args.files:
        hf = hf_bench(args.model, path, args.repeat)
        out = subprocess.run([args.binary, "bench", "tokenizer", "--model", args.model, "--repeat", str(args.repeat),
                              "--json", path], check=True, capture_output=True, text=True).stdout
        ours = json.loads(out)
        if ours["tokens"] != hf["tokens"]:
            print("warning: token counts differ: HF %d, ours %d" % (hf["tokens"], ours["tokens"]), file=sys.stderr)
        print("%-28s %12.2f %12.0f %12.2f %12.0f %7.1fx" % (
            os.path.basename(path), hf["mb_per_s"], hf["lines_per_s"], ours["mb_per_s"], ours["lines_per_s"],
            ours["mb_per_s"] / hf["mb_per_s"]))


if __name__ == "__main__":
    main()
