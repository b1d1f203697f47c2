#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/encoder: tiny random BERT, DistilBERT and ELECTRA checkpoints and Hugging Face
reference outputs.

Reference: transformers AutoModel (the base model of each checkpoint), eager attention, output_attentions/output_hidden_states, float32 computed
from the stored weights (float16/bfloat16 checkpoints are upcast on load). Outputs are float32 little-endian:
one .bin per case holding every layer's attention probabilities [L][H][T][T] then the hidden states
[L+1][T][D]; index.json lists the cases with their ids, segments and shapes.

Run from the checkout root: python3 Tests/Fixtures/scripts/make_encoder_fixtures.py
"""
import json
import os
import shutil

import numpy as np
import torch
from tokenizers import Tokenizer
from safetensors.torch import load_file, save_file
from transformers import (AutoModel, BertConfig, BertForMaskedLM, BertForSequenceClassification, BertModel,
                          DistilBertConfig, DistilBertForMaskedLM, DistilBertForSequenceClassification,
                          DistilBertModel, ElectraConfig, ElectraForMaskedLM, ElectraForPreTraining, ElectraModel)

from random_weights import randomize

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "encoder")
BUNDLED = os.path.join(ROOT, "Samples", "models", "all-MiniLM-L6-v2")

TINY = [
    # name, head class, storage dtype, config overrides
    ("tiny-base", BertModel, torch.float32, dict(hidden_act="gelu", num_hidden_layers=3, num_attention_heads=4)),
    ("tiny-mlm-f16", BertForMaskedLM, torch.float16, dict(hidden_act="gelu", num_hidden_layers=2, num_attention_heads=4)),
    ("tiny-bf16-relu", BertModel, torch.bfloat16, dict(hidden_act="relu", num_hidden_layers=2, num_attention_heads=2)),
    ("tiny-cls-gelu-new", BertForSequenceClassification, torch.float32,
     dict(hidden_act="gelu_new", num_hidden_layers=2, num_attention_heads=8, layer_norm_eps=1e-5)),
    # float32 widths that are not multiples of the packed kernel's 32-column panels (a heap overflow once):
    # hidden 40, and TinyBERT's odd 312/1200 shape scaled down (52 hidden, 200 intermediate, 4 heads of 13).
    ("tiny-f32-hidden40", BertModel, torch.float32,
     dict(hidden_act="gelu", hidden_size=40, intermediate_size=72, num_hidden_layers=2, num_attention_heads=5)),
    ("tiny-f32-tinybert-shape", BertModel, torch.float32,
     dict(hidden_act="gelu", hidden_size=52, intermediate_size=200, num_hidden_layers=2, num_attention_heads=4)),
    # Other architectures, in every storage dtype, bare and with a task head (prefixed names).
    ("tiny-distilbert-f32", DistilBertModel, torch.float32, dict(n_layers=2, n_heads=4)),
    ("tiny-distilbert-mlm-f16", DistilBertForMaskedLM, torch.float16, dict(n_layers=2, n_heads=2)),
    ("tiny-distilbert-cls-bf16", DistilBertForSequenceClassification, torch.bfloat16,
     dict(n_layers=2, n_heads=4, activation="relu")),
    # ELECTRA with embedding_size != hidden_size has an embeddings_project layer.
    ("tiny-electra-f32", ElectraModel, torch.float32, dict(embedding_size=24, num_hidden_layers=2, num_attention_heads=4)),
    ("tiny-electra-generator-f16", ElectraForMaskedLM, torch.float16,
     dict(embedding_size=16, num_hidden_layers=2, num_attention_heads=2)),
    ("tiny-electra-discriminator-bf16", ElectraForPreTraining, torch.bfloat16,
     dict(embedding_size=32, num_hidden_layers=2, num_attention_heads=4, hidden_act="gelu_new")),
    # An old TensorFlow-converted BERT whose LayerNorm parameters are named gamma/beta.
    ("tiny-bert-gamma-beta", BertForMaskedLM, torch.float32, dict(hidden_act="gelu", num_hidden_layers=2, num_attention_heads=4)),
    # float32 at 176 tokens (11 row blocks of 16), past the length from which float32 checkpoints run AMX tile
    # products.
    ("tiny-f32-long", BertModel, torch.float32,
     dict(hidden_act="gelu", num_hidden_layers=2, num_attention_heads=2, max_position_embeddings=256)),
]
LONG = {"tiny-f32-long": 176}


def tiny_config(cls, **overrides):
    if cls.__name__.startswith("DistilBert"):
        values = dict(vocab_size=300, dim=32, hidden_dim=64, max_position_embeddings=64, dropout=0.0,
                      attention_dropout=0.0, seq_classif_dropout=0.0)
        values.update(overrides)
        return DistilBertConfig(**values)
    values = dict(vocab_size=300, hidden_size=32, intermediate_size=64, max_position_embeddings=64,
                  type_vocab_size=2, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    values.update(overrides)
    return (ElectraConfig if cls.__name__.startswith("Electra") else BertConfig)(**values)


def rename_to_gamma_beta(directory):
    """Renames every LayerNorm weight/bias to gamma/beta, as old TensorFlow-converted checkpoints store them."""
    path = os.path.join(directory, "model.safetensors")
    tensors = load_file(path)
    renamed = {}
    for name, tensor in tensors.items():
        if "LayerNorm." in name:
            name = name.replace("LayerNorm.weight", "LayerNorm.gamma").replace("LayerNorm.bias", "LayerNorm.beta")
        renamed[name] = tensor
    save_file(renamed, path, metadata={"format": "pt"})


def write_vocabulary(directory, size=300):
    """A small vocab.txt so `inspect` can run on a tiny checkpoint ([CLS] = 2, [SEP] = 3)."""
    words = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + list("abcdefghijklmnopqrstuvwxyz") + \
        ["the", "cat", "sat", "on", "mat", "word", "hello", "world", "is", "it", "where", ".", ",", "?", "!"]
    words += [f"##{c}" for c in "abcdefghijklmnopqrstuvwxyz"]
    words += [f"tok{i}" for i in range(size - len(words))]
    with open(os.path.join(directory, "vocab.txt"), "w") as handle:
        handle.write("\n".join(words[:size]) + "\n")


def reference(directory, cases, prefix):
    model = AutoModel.from_pretrained(directory, attn_implementation="eager", dtype=torch.float32).eval()
    segmented = not isinstance(model, DistilBertModel)
    entries = []
    for index, (ids, segments) in enumerate(cases):
        with torch.no_grad():
            extra = dict(token_type_ids=torch.tensor([segments])) if segmented else {}
            out = model(input_ids=torch.tensor([ids]), output_attentions=True, output_hidden_states=True, **extra)
        attentions = torch.stack([a[0] for a in out.attentions]).float().numpy()
        hidden = torch.stack([h[0] for h in out.hidden_states]).float().numpy()
        file = f"{prefix}-{index}.bin"
        with open(os.path.join(OUT, "reference", file), "wb") as handle:
            handle.write(attentions.astype("<f4").tobytes())
            handle.write(hidden.astype("<f4").tobytes())
        entries.append(dict(file=file, ids=ids, segments=segments, layers=attentions.shape[0],
                            heads=attentions.shape[1], tokens=len(ids), hidden_size=hidden.shape[2]))
    return entries


CAPTURED = ("tiny-base", "tiny-mlm-f16", "tiny-bf16-relu", "tiny-distilbert-f32", "tiny-electra-f32")


def capture_reference(directory, ids, segments, file):
    """Per layer and head, the query, key and value vectors [L][H][T][head] (bias added, unscaled), then the
    value norms [L][H][T]: ||(x W_V^h + b_V^h) W_O^h|| with head h's columns of the output projection weight."""
    model = AutoModel.from_pretrained(directory, attn_implementation="eager", dtype=torch.float32).eval()
    distil = isinstance(model, DistilBertModel)
    extra = {} if distil else dict(token_type_ids=torch.tensor([segments]))
    with torch.no_grad():
        out = model(input_ids=torch.tensor([ids]), output_hidden_states=True, **extra)
        layers = model.transformer.layer if distil else model.encoder.layer
        heads = model.config.n_heads if distil else model.config.num_attention_heads
        parts, norms = {"q": [], "k": [], "v": []}, []
        for index, layer in enumerate(layers):
            x = out.hidden_states[index][0]
            if distil:
                a = layer.attention
                projections, output = dict(q=a.q_lin, k=a.k_lin, v=a.v_lin), a.out_lin
            else:
                a = layer.attention.self
                projections, output = dict(q=a.query, k=a.key, v=a.value), layer.attention.output.dense
            size = x.shape[1] // heads
            for key, module in projections.items():
                parts[key].append(module(x).reshape(len(ids), heads, size).permute(1, 0, 2))
            v = parts["v"][-1]
            w = output.weight.float()
            norms.append(torch.stack([(v[h] @ w[:, h * size:(h + 1) * size].T).norm(dim=-1) for h in range(heads)]))
    with open(os.path.join(OUT, "reference", file), "wb") as handle:
        for key in ("q", "k", "v"):
            handle.write(torch.stack(parts[key]).float().numpy().astype("<f4").tobytes())
        handle.write(torch.stack(norms).float().numpy().astype("<f4").tobytes())


def main():
    torch.manual_seed(0)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "reference"))
    os.makedirs(os.path.join(OUT, "models"))
    index = {"models": {}}
    rng = np.random.default_rng(7)
    for number, (name, cls, dtype, overrides) in enumerate(TINY):
        generator = torch.Generator().manual_seed(100 + number)
        model = cls(tiny_config(cls, **overrides))
        randomize(model, generator, scale=0.4)
        directory = os.path.join(OUT, "models", name)
        model.to(dtype).save_pretrained(directory)
        if name == "tiny-base":
            write_vocabulary(directory)
        cases = []
        for length in (1, 5, 13, 33):
            ids = [int(i) for i in rng.integers(0, 300, size=length)]
            cases.append((ids, [0] * length))
        first, second = rng.integers(0, 300, size=7).tolist(), rng.integers(0, 300, size=5).tolist()
        cases.append(([2] + first + [3] + second + [3] + [299], [0] * 9 + [1] * 7))
        pair = len(cases) - 1
        # 64 tokens (every position of most), where 16-bit checkpoints run AMX tile products, and longer cases where
        # a model has the positions. Their own generator, so the cases above keep their ids.
        for length in (64, LONG.get(name)):
            if length:
                cases.append(([int(i) for i in np.random.default_rng(1000 + number + length).integers(0, 300, size=length)],
                              [0] * length))
        index["models"][name] = dict(path=f"models/{name}", cases=reference(directory, cases, name))
        if name in CAPTURED:
            capture_reference(directory, *cases[pair], f"{name}-capture.bin")
            index["models"][name]["capture"] = dict(file=f"{name}-capture.bin", case=pair)
        if name == "tiny-bert-gamma-beta":
            rename_to_gamma_beta(directory)

    tokenizer = Tokenizer.from_file(os.path.join(BUNDLED, "tokenizer.json"))
    tokenizer.no_truncation()
    tokenizer.no_padding()
    sentences = [
        ("The cat sat on the mat.", None),
        ("Attention is all you need, they said; transformers took over natural language processing.", None),
        ("Where is the nearest train station?", "It is two blocks north of the museum."),
        ("In the beginning of the twentieth century, physicists discovered that light behaves both as a wave and "
         "as a particle, a duality that puzzled generations of students, inspired quantum mechanics, and "
         "eventually led to lasers, transistors, solar panels, medical scanners and the tiny computers we carry in "
         "our pockets every single day.", None),
    ]
    cases = []
    for text, pair in sentences:
        encoding = tokenizer.encode(text, pair) if pair else tokenizer.encode(text)
        cases.append((encoding.ids, encoding.type_ids))
    index["models"]["bundled"] = dict(path="bundled", cases=reference(BUNDLED, cases, "bundled"))
    with open(os.path.join(OUT, "index.json"), "w") as handle:
        json.dump(index, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
