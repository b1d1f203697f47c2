#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/encoder-nonfinite: Hugging Face outputs for tiny-base with one weight set to NaN/inf.

Each case names a tensor of Tests/Fixtures/encoder/models/tiny-base, a flat element index and the value written
there (the test applies the same patch to a copy of the checkpoint, so no second checkpoint is stored). Reference:
transformers BertModel, eager attention, float32, output_attentions/output_hidden_states; one .bin per case holds
every layer's attention probabilities [L][H][T][T] then the hidden states [L+1][T][D], float32 little-endian.

Run from the checkout root: /work/pyref/bin/python Tests/Fixtures/scripts/make_nonfinite_fixtures.py
"""
import json
import math
import os
import shutil
import tempfile

import torch
from safetensors.torch import load_file, save_file
from transformers import BertModel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SOURCE = os.path.join(ROOT, "Tests", "Fixtures", "encoder", "models", "tiny-base")
OUT = os.path.join(ROOT, "Tests", "Fixtures", "encoder-nonfinite")

CASES = [
    # name, tensor, flat index, value
    ("nan-query", "encoder.layer.1.attention.self.query.weight", 0, "nan"),
    ("inf-intermediate", "encoder.layer.0.intermediate.dense.weight", 3 * 32 + 5, "inf"),
    ("neg-inf-key", "encoder.layer.2.attention.self.key.weight", 40, "-inf"),
]
IDS = [[5, 17, 30, 31, 32, 40, 2], [283, 187, 205]]


def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    index = {"model": "models/tiny-base", "cases": []}
    for name, tensor, element, value in CASES:
        weights = load_file(os.path.join(SOURCE, "model.safetensors"))
        weights[tensor].view(-1)[element] = float(value)
        with tempfile.TemporaryDirectory() as directory:
            shutil.copy(os.path.join(SOURCE, "config.json"), directory)
            save_file(weights, os.path.join(directory, "model.safetensors"), metadata={"format": "pt"})
            model = BertModel.from_pretrained(directory, attn_implementation="eager", dtype=torch.float32).eval()
        for number, ids in enumerate(IDS):
            with torch.no_grad():
                out = model(input_ids=torch.tensor([ids]), token_type_ids=torch.zeros(1, len(ids), dtype=torch.long),
                            output_attentions=True, output_hidden_states=True)
            attentions = torch.stack([a[0] for a in out.attentions]).float().numpy()
            hidden = torch.stack([h[0] for h in out.hidden_states]).float().numpy()
            file = f"{name}-{number}.bin"
            with open(os.path.join(OUT, file), "wb") as handle:
                handle.write(attentions.astype("<f4").tobytes())
                handle.write(hidden.astype("<f4").tobytes())
            first = next((layer for layer in range(hidden.shape[0]) if not torch.isfinite(torch.from_numpy(hidden[layer])).all()), None)
            index["cases"].append(dict(name=name, tensor=tensor, element=element, value=value, file=file, ids=ids,
                                       layers=attentions.shape[0], heads=attentions.shape[1], tokens=len(ids),
                                       hidden_size=hidden.shape[2], first_non_finite_layer=first))
    with open(os.path.join(OUT, "index.json"), "w") as handle:
        json.dump(index, handle, indent=1)
        handle.write("\n")


if __name__ == "__main__":
    main()
