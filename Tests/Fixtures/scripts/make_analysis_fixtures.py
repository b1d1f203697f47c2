#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/analysis/reference.json: float64 references for the Analysis module.

For each case (token ids and texts of a sentence or pair, on the tiny-base fixture checkpoint or the bundled
all-MiniLM-L6-v2), transformers' BertModel runs in float64 (weights upcast) with eager attention, and this script
computes from its attention probabilities and weights:
  - head statistics per layer and head (Clark et al. 2019): mean over query rows of the row entropy (natural log),
    of the attention to [CLS], to [SEP], to punctuation tokens (every character punctuation, as BERT's
    pre-tokenizer defines it), to the token itself, to the previous token (rows that have one), to the next token
    (rows that have one), and of the attention distance sum_j a_ij |i - j|;
    the same statistics pooled over all cases of a model (sums of rows over sums of row counts);
  - value-output norms ||f_h(x_j)|| with f_h(x) = (x W_V^h + b_V^h) W_O^h (Kobayashi et al. 2020) per layer, head
    and token, x the layer's input;
  - norm-based attention a_ij ||f_h(x_j)|| per layer, head, query and key;
  - per-head query and key vectors (tiny-base only), for the neuron view;
  - word-level attention (a `##` piece joins the word before it; to a word = sum over its pieces, from a word =
    mean over its pieces, as Clark et al. do).

Run from the checkout root: /work/pyref/bin/python Tests/Fixtures/scripts/make_analysis_fixtures.py
"""
import json
import os
import unicodedata

import torch
from tokenizers import Tokenizer
from transformers import BertModel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "analysis")
TINY = os.path.join(ROOT, "Tests", "Fixtures", "encoder", "models", "tiny-base")
BUNDLED = os.path.join(ROOT, "Samples", "models", "all-MiniLM-L6-v2")
STATISTICS = ["entropy", "cls", "sep", "punctuation", "self", "previous", "next", "distance"]


def _is_punctuation(char):
    """BERT's definition (tokenizers' BertPreTokenizer): ASCII symbol ranges and Unicode category P*."""
    cp = ord(char)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def is_punctuation_token(text):
    return len(text) > 0 and all(_is_punctuation(c) for c in text)


def sums(attention, texts):
    """Per layer and head: the sum over rows of each statistic and the number of rows it averages."""
    layers, heads, t, _ = attention.shape
    cls = torch.tensor([x == "[CLS]" for x in texts], dtype=torch.float64)
    sep = torch.tensor([x == "[SEP]" for x in texts], dtype=torch.float64)
    punct = torch.tensor([is_punctuation_token(x) for x in texts], dtype=torch.float64)
    index = torch.arange(t, dtype=torch.float64)
    distance = (index[:, None] - index[None, :]).abs()
    a = attention
    logs = torch.where(a > 0, a.log(), torch.zeros_like(a))
    out = {
        "entropy": (-(a * logs).sum(-1)).sum(-1),
        "cls": (a * cls).sum(-1).sum(-1),
        "sep": (a * sep).sum(-1).sum(-1),
        "punctuation": (a * punct).sum(-1).sum(-1),
        "self": a.diagonal(dim1=-2, dim2=-1).sum(-1),
        "previous": a.diagonal(offset=-1, dim1=-2, dim2=-1).sum(-1),
        "next": a.diagonal(offset=1, dim1=-2, dim2=-1).sum(-1),
        "distance": (a * distance).sum(-1).sum(-1),
    }
    counts = {name: t for name in STATISTICS}
    counts["previous"] = counts["next"] = t - 1
    return out, counts


def mean(total, count):
    return [[(v / count if count > 0 else None) for v in row] for row in total.tolist()]


def value_norms(model, hidden_states):
    """||f_h(x_j)|| as [layer][head][token]."""
    config = model.config
    heads, size = config.num_attention_heads, config.hidden_size // config.num_attention_heads
    norms = []
    for index, layer in enumerate(model.encoder.layer):
        x = hidden_states[index][0]
        value = layer.attention.self.value(x)  # [T, D]
        wo = layer.attention.output.dense.weight  # [D out, D in]
        per_head = []
        for h in range(heads):
            v = value[:, h * size:(h + 1) * size]
            f = v @ wo[:, h * size:(h + 1) * size].T  # [T, D]
            per_head.append(f.norm(dim=-1))
        norms.append(torch.stack(per_head))
    return torch.stack(norms)  # [L, H, T]


def word_attention(attention, texts):
    """Clark et al.'s word-level maps: a `##` piece joins the previous word; attention to a word is the sum over
    its pieces, from a word the mean over its pieces. [L, H, T, T] -> [L, H, W, W]."""
    words = []
    for index, text in enumerate(texts):
        if text.startswith("##") and len(text) > 2 and words:
            words[-1].append(index)
        else:
            words.append([index])
    columns = torch.stack([attention[..., w].sum(-1) for w in words], dim=-1)
    return torch.stack([columns[..., w, :].mean(-2) for w in words], dim=-2)


def rounded(values):
    """Nested lists with 9 significant digits (far below the 1e-4 tolerance) to keep the fixture small."""
    if isinstance(values, dict):
        return {k: rounded(v) for k, v in values.items()}
    if isinstance(values, list):
        return [rounded(v) for v in values]
    return None if values is None else float(f"{values:.9g}")


def queries_keys(model, hidden_states):
    """Per-head query and key vectors with bias, before the 1/sqrt(head size) scaling: [L][H][T][head size] each."""
    config = model.config
    heads, size = config.num_attention_heads, config.hidden_size // config.num_attention_heads
    queries, keys = [], []
    for index, layer in enumerate(model.encoder.layer):
        x = hidden_states[index][0]
        t = x.shape[0]
        queries.append(layer.attention.self.query(x).view(t, heads, size).transpose(0, 1))
        keys.append(layer.attention.self.key(x).view(t, heads, size).transpose(0, 1))
    return torch.stack(queries), torch.stack(keys)


def run(directory, cases, name, full_matrices):
    model = BertModel.from_pretrained(directory, attn_implementation="eager", dtype=torch.float64).eval()
    entries = []
    pooled_sums, pooled_counts = None, None
    for number, (ids, segments, texts) in enumerate(cases):
        with torch.no_grad():
            out = model(input_ids=torch.tensor([ids]), token_type_ids=torch.tensor([segments]),
                        output_attentions=True, output_hidden_states=True)
            attention = torch.stack([a[0] for a in out.attentions])  # [L, H, T, T]
            norms = value_norms(model, out.hidden_states)
        total, counts = sums(attention, texts)
        if pooled_sums is None:
            pooled_sums, pooled_counts = total, dict(counts)
        else:
            pooled_sums = {k: pooled_sums[k] + total[k] for k in STATISTICS}
            pooled_counts = {k: pooled_counts[k] + counts[k] for k in STATISTICS}
        entry = dict(ids=ids, segments=segments, texts=texts,
                     statistics=rounded({k: mean(total[k], counts[k]) for k in STATISTICS}),
                     value_norms=rounded(norms.tolist()))
        if number < full_matrices:
            entry["norm_attention"] = rounded((attention * norms[:, :, None, :]).tolist())
            entry["word_attention"] = rounded(word_attention(attention, texts).tolist())
            if name == "tiny-base":
                with torch.no_grad():
                    queries, keys = queries_keys(model, out.hidden_states)
                entry["queries"] = rounded(queries.tolist())
                entry["keys"] = rounded(keys.tolist())
        entries.append(entry)
    return dict(path=name, cases=entries,
                pooled=rounded({k: mean(pooled_sums[k], pooled_counts[k]) for k in STATISTICS}))


def main():
    os.makedirs(OUT, exist_ok=True)
    tiny_vocab = open(os.path.join(TINY, "vocab.txt")).read().split("\n")
    tiny_cases = []
    for words in (["the", "cat", "sat", "on", "the", "mat", "."],
                  ["hello", "##s", ",", "world", "!", "tok7"]):
        ids = [2] + [tiny_vocab.index(w) for w in words] + [3]
        tiny_cases.append((ids, [0] * len(ids), [tiny_vocab[i] for i in ids]))
    first, second = ["where", "is", "it", "?"], ["the", "cat", "##s", "."]
    ids = [2] + [tiny_vocab.index(w) for w in first] + [3] + [tiny_vocab.index(w) for w in second] + [3]
    tiny_cases.append((ids, [0] * (len(first) + 2) + [1] * (len(second) + 1), [tiny_vocab[i] for i in ids]))

    tokenizer = Tokenizer.from_file(os.path.join(BUNDLED, "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    bundled_cases = []
    for text, pair in [("The cat sat on the mat.", None),
                       ("Where is the nearest train station?", "It is two blocks north, past the museum.")]:
        encoding = tokenizer.encode(text, pair) if pair else tokenizer.encode(text)
        bundled_cases.append((encoding.ids, encoding.type_ids, encoding.tokens))

    reference = {"statistics": STATISTICS,
                 "models": {"tiny-base": run(TINY, tiny_cases, "tiny-base", full_matrices=3),
                            "bundled": run(BUNDLED, bundled_cases, "bundled", full_matrices=1)}}
    with open(os.path.join(OUT, "reference.json"), "w") as handle:
        json.dump(reference, handle, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main()
