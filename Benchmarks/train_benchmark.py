#!/usr/bin/env python3
"""bert-explorer train vs the notebook pipeline (transformers features on 2 threads + scikit-learn), in one run.

For each sample (sentiment CSV, silver-entity CoNLL) both sides read the same train and test files, take the same
layer of the same frozen encoder (CLS for sentences, first sub-word for tokens), fit a multinomial logistic
regression with the same L2 (scikit-learn C = 1 / (l2 · n); early stopping off on our side so both minimise the
same objective) and score the test file. Prints accuracies and the time ratio (ours / Python, end to end,
including model loading). With --memory N, also runs `train` over N sentences (the VADER texts repeated) and
prints its peak RSS.

    swift build -c release
    /work/pyref/bin/python Benchmarks/train_benchmark.py [--limit 2000] [--memory 100000] [--memory-only]
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "Samples/models/all-MiniLM-L6-v2")
BINARY = os.path.join(ROOT, ".build/release/bert-explorer")
DATA = os.path.join(ROOT, "Samples/datasets")
L2 = 1e-4


def read_csv(path, limit):
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return spread(rows, limit)


def spread(items, limit):
    """`limit` items evenly spaced over the file (the files are ordered by source id, not shuffled)."""
    if not limit or limit >= len(items):
        return items
    return [items[i * len(items) // limit] for i in range(limit)]


def read_conll(path, limit):
    sentences, words, tags = [], [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line:
            if words:
                sentences.append((words, tags))
            words, tags = [], []
            continue
        w, t = line.split("\t")
        words.append(w)
        tags.append(t)
    if words:
        sentences.append((words, tags))
    return spread(sentences, limit)


def write_subset(kind, src, dst, limit):
    if kind == "sentence":
        rows = read_csv(src, limit)
        with open(dst, "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=["text", "label"], lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
    else:
        with open(dst, "w", encoding="utf-8") as f:
            for words, tags in read_conll(src, limit):
                f.write("".join(f"{a}\t{b}\n" for a, b in zip(words, tags)) + "\n")


def ours(kind, train, test, layer, workdir):
    out = os.path.join(workdir, f"head-{kind}")
    env = dict(os.environ, BERT_EXPLORER_CACHE=os.path.join(workdir, "cache"))
    start = time.perf_counter()
    result = subprocess.run([BINARY, "train", "--model", MODEL, "--task", kind, "--data", train, "--eval", test,
                             "--layer", str(layer), "--l2", str(L2), "--epochs", "1000", "--patience", "1000",
                             "--no-cache", "--quiet", "--json", "--out", out], env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(result.stderr)
    return json.loads(result.stdout)["metrics"]["accuracy"], seconds


def python(kind, train, test, layer):
    start = time.perf_counter()
    import numpy as np
    import torch
    from sklearn.linear_model import LogisticRegression
    from transformers import AutoTokenizer, BertModel
    torch.set_num_threads(2)
    tokenizer = AutoTokenizer.from_pretrained(MODEL)
    model = BertModel.from_pretrained(MODEL).eval()

    def features(path):
        xs, ys = [], []
        with torch.inference_mode():
            if kind == "sentence":
                rows = read_csv(path, None)
                for i in range(0, len(rows), 32):
                    batch = rows[i:i + 32]
                    enc = tokenizer([r["text"] for r in batch], padding=True, truncation=True, return_tensors="pt")
                    states = model(**enc, output_hidden_states=True).hidden_states[layer]
                    xs.append(states[:, 0].numpy())
                    ys += [r["label"] for r in batch]
            else:
                sentences = read_conll(path, None)
                for i in range(0, len(sentences), 32):
                    batch = sentences[i:i + 32]
                    enc = tokenizer([w for w, _ in batch], is_split_into_words=True, padding=True, truncation=True,
                                    return_tensors="pt")
                    states = model(**enc, output_hidden_states=True).hidden_states[layer].numpy()
                    for b, (_, tags) in enumerate(batch):
                        seen = set()
                        for position, word in enumerate(enc.word_ids(b)):
                            if word is not None and word not in seen:
                                seen.add(word)
                                xs.append(states[b, position][None])
                                ys.append(tags[word])
        return np.concatenate(xs), ys

    x_train, y_train = features(train)
    x_test, y_test = features(test)
    clf = LogisticRegression(C=1 / (L2 * len(y_train)), max_iter=1000).fit(x_train, y_train)
    accuracy = float((clf.predict(x_test) == np.array(y_test)).mean())
    return accuracy, time.perf_counter() - start


def memory(sentences, workdir):
    texts = [r["text"] for r in read_csv(os.path.join(DATA, "sentiment-train.csv"), None)]
    path = os.path.join(workdir, "many.csv")
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text", "label"])
        for i in range(sentences):
            w.writerow([texts[i % len(texts)], "ab"[i % 2]])
    env = dict(os.environ, BERT_EXPLORER_CACHE=os.path.join(workdir, "cache"))
    start = time.perf_counter()
    with open(os.path.join(workdir, "memory.err"), "w+") as err:
        child = subprocess.Popen([BINARY, "train", "--model", MODEL, "--data", path, "--layer", "all", "--no-cache",
                                  "--quiet", "--out", os.path.join(workdir, f"head-many-{sentences}")], env=env,
                                 stdout=subprocess.DEVNULL, stderr=err)
        # wait4 gives this child's own peak (RUSAGE_CHILDREN would be the largest of every run so far).
        _, status, usage = os.wait4(child.pid, 0)
        if status != 0:
            err.seek(0)
            sys.exit(err.read())
    return usage.ru_maxrss / 1024, time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="N training examples/sentences spread over the file (0: all)")
    parser.add_argument("--layer", type=int, default=6)
    parser.add_argument("--memory", default="", help="also measure peak RSS of train over N sentences (a comma list: one run each)")
    parser.add_argument("--memory-only", action="store_true", help="skip the accuracy and time anchors")
    args = parser.parse_args()
    sizes = [int(n) for n in args.memory.split(",") if n]
    with tempfile.TemporaryDirectory() as workdir:
        if args.memory_only:
            for n in sizes:
                peak, seconds = memory(n, workdir)
                print(f"memory: train --layer all over {n} sentences: peak RSS {peak:.0f} MB ({seconds:.0f} s)", flush=True)
            return
        print(f"{'sample':<10} {'examples':>8} {'ours acc':>9} {'sklearn acc':>11} {'Δ points':>9} {'ours s':>8} {'python s':>9} {'ratio':>6}")
        for kind, train_name, test_name in [("sentence", "sentiment-train.csv", "sentiment-test.csv"),
                                            ("token", "entities-silver-train.conll", "entities-silver-test.conll")]:
            train = os.path.join(workdir, f"train-{kind}")
            write_subset(kind, os.path.join(DATA, train_name), train, args.limit)
            test = os.path.join(DATA, test_name)
            count = len(read_csv(train, None)) if kind == "sentence" else len(read_conll(train, None))
            acc_ours, t_ours = ours(kind, train, test, args.layer, workdir)
            acc_py, t_py = python(kind, train, test, args.layer)
            print(f"{kind:<10} {count:>8} {acc_ours:>9.4f} {acc_py:>11.4f} {100 * (acc_ours - acc_py):>+9.2f} "
                  f"{t_ours:>8.1f} {t_py:>9.1f} {t_ours / t_py:>6.2f}", flush=True)
        for n in sizes:
            peak, seconds = memory(n, workdir)
            print(f"memory: train --layer all over {n} sentences: peak RSS {peak:.0f} MB ({seconds:.0f} s)", flush=True)


if __name__ == "__main__":
    main()
