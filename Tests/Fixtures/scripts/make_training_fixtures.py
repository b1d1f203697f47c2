#!/usr/bin/env python3
"""Reference numbers for TrainingTests, from transformers, scikit-learn and seqeval.

- tiny3.csv: 60 sentences over the tiny-base vocabulary with 3 labels.
- training-reference.json: tiny-base features (CLS of hidden state 2, mean of hidden state 3, pooler output)
  of the first rows, and scikit-learn's multinomial LogisticRegression fitted on all CLS-2 features.
- seqeval-reference.json: seqeval's entities and micro P/R/F1 for BIO/BIOES sequences.

Run: PYTHONPATH=<site-packages with seqeval 1.2.2> /work/pyref/bin/python Tests/Fixtures/scripts/make_training_fixtures.py
"""
import csv
import json
import os
import random

import numpy as np
import torch
from sklearn.linear_model import LogisticRegression
from transformers import BertModel, BertTokenizerFast

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODEL = os.path.join(ROOT, "encoder/models/tiny-base")
OUT = os.path.join(ROOT, "training")
C = 2.0


def sentences():
    rng = random.Random(7)
    words = "the cat sat on mat word hello world is it where".split()
    cues = {"animal": "cat", "greeting": "hello", "place": "where"}
    rows = []
    for i in range(60):
        label = list(cues)[i % 3]
        body = [rng.choice(words) for _ in range(rng.randint(3, 8))]
        body = [w for w in body if w not in cues.values()]
        body.insert(rng.randint(0, len(body)), cues[label])
        rows.append((" ".join(body) + rng.choice([" .", " !", " ?", ""]), label))
    return rows


def main():
    os.makedirs(OUT, exist_ok=True)
    rows = sentences()
    with open(os.path.join(OUT, "tiny3.csv"), "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["text", "label"])
        w.writerows(rows)
    tokenizer = BertTokenizerFast(os.path.join(MODEL, "vocab.txt"), do_lower_case=True)
    model = BertModel.from_pretrained(MODEL, attn_implementation="eager").eval()
    cls2, mean3, pooled = [], [], []
    with torch.no_grad():
        for text, _ in rows:
            enc = tokenizer(text, return_tensors="pt")
            out = model(**enc, output_hidden_states=True)
            cls2.append(out.hidden_states[2][0, 0].numpy())
            mean3.append(out.hidden_states[3][0].mean(0).numpy())
            pooled.append(out.pooler_output[0].numpy())
    labels = sorted({l for _, l in rows})
    y = np.array([labels.index(l) for _, l in rows])
    x = np.stack(cls2).astype(np.float64)
    clf = LogisticRegression(C=C, max_iter=100000, tol=1e-12).fit(x, y)
    ref = {
        "C": C, "labels": labels, "rows": len(rows),
        "cls2": [v.tolist() for v in cls2[:5]], "mean3": [v.tolist() for v in mean3[:5]],
        "pooler": [v.tolist() for v in pooled[:5]],
        "probabilities": clf.predict_proba(x).tolist(),
    }
    with open(os.path.join(OUT, "training-reference.json"), "w") as f:
        json.dump(ref, f)

    from seqeval.metrics import f1_score, precision_score, recall_score
    from seqeval.metrics.sequence_labeling import get_entities
    rng = random.Random(3)
    tags = ["O", "B-PER", "I-PER", "B-LOC", "I-LOC", "E-PER", "S-LOC"]
    cases = []
    for _ in range(40):
        gold = [[rng.choice(tags) for _ in range(rng.randint(1, 8))] for _ in range(rng.randint(1, 3))]
        pred = [[t if rng.random() < 0.7 else rng.choice(tags) for t in s] for s in gold]
        cases.append({"gold": gold, "predicted": pred,
                      "entities": [list(e) for e in get_entities(gold)],
                      "precision": precision_score(gold, pred), "recall": recall_score(gold, pred),
                      "f1": f1_score(gold, pred)})
    with open(os.path.join(OUT, "seqeval-reference.json"), "w") as f:
        json.dump(cases, f)


if __name__ == "__main__":
    main()
