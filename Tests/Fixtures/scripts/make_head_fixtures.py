#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/heads: tiny random checkpoints WITH task heads and the transformers outputs.

Checkpoints: BERT (masked LM tied and untied, sequence and token classification), DistilBERT (masked LM,
sequence classification), ELECTRA (generator masked LM with embedding_size != hidden_size, discriminator,
sequence classification), each in float32 and most also in a 16-bit dtype, all with the vocabulary of
Tests/Fixtures/encoder/models/tiny-base/vocab.txt.

Reference: the transformers task model, eager attention, float32 computed from the stored weights (16-bit
checkpoints are upcast on load). reference.json lists, per model and per case (text, pair, ids, segments):
- masked LM: for every position and every hidden state (layer 0 = embeddings ... L) put through the head,
  the top 5 ids and softmax probabilities (the last layer is the model's own prediction, the others the
  "logit lens");
- sequence classification: logits and softmax probabilities; token classification: the same per token;
- ELECTRA discriminator: per-token logit and sigmoid probability that the token was replaced.
Each case's hidden states (layer 0...L, [T][D] float32 little-endian) are in `hidden/<model>-<case>.bin`, so
the heads can be checked against the reference states independently of the encoder.

Run from the checkout root: /work/pyref/bin/python Tests/Fixtures/scripts/make_head_fixtures.py
"""
import json
import os
import shutil

import numpy as np
import torch
from transformers import (BertConfig, BertForMaskedLM, BertForSequenceClassification, BertForTokenClassification,
                          BertTokenizerFast, DistilBertConfig, DistilBertForMaskedLM,
                          DistilBertForSequenceClassification, ElectraConfig, ElectraForMaskedLM,
                          ElectraForPreTraining, ElectraForSequenceClassification)

from random_weights import randomize

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "heads")
VOCAB = os.path.join(ROOT, "Tests", "Fixtures", "encoder", "models", "tiny-base", "vocab.txt")
TOP_K = 5

SENTIMENT = {0: "negative", 1: "positive"}
NLI = {0: "entailment", 1: "neutral", 2: "contradiction"}
NER = {0: "O", 1: "B-PER", 2: "I-PER", 3: "B-LOC", 4: "I-LOC"}

CASES = [
    ("the cat sat on the [MASK] .", None),
    ("[MASK] is the world ?", "hello , it is [MASK] !"),
    ("where is it", None),
]


def bert(**overrides):
    values = dict(vocab_size=300, hidden_size=16, num_hidden_layers=2, num_attention_heads=2, intermediate_size=32,
                  max_position_embeddings=40, hidden_dropout_prob=0.0, attention_probs_dropout_prob=0.0)
    values.update(overrides)
    return BertConfig(**values)


def distilbert(**overrides):
    values = dict(vocab_size=300, dim=16, n_layers=2, n_heads=2, hidden_dim=32, max_position_embeddings=40,
                  dropout=0.0, attention_dropout=0.0, seq_classif_dropout=0.0)
    values.update(overrides)
    return DistilBertConfig(**values)


def electra(**overrides):
    values = dict(vocab_size=300, embedding_size=16, hidden_size=16, num_hidden_layers=2, num_attention_heads=2,
                  intermediate_size=32, max_position_embeddings=40, hidden_dropout_prob=0.0,
                  attention_probs_dropout_prob=0.0)
    values.update(overrides)
    return ElectraConfig(**values)


# name, task class, config, storage dtypes
MODELS = [
    ("bert-mlm", BertForMaskedLM, lambda: bert(), [torch.float32, torch.float16]),
    ("bert-mlm-untied", BertForMaskedLM, lambda: bert(tie_word_embeddings=False, hidden_act="gelu_new"),
     [torch.float32]),
    ("bert-seq", BertForSequenceClassification, lambda: bert(id2label=NLI, label2id={v: k for k, v in NLI.items()}),
     [torch.float32, torch.bfloat16]),
    ("bert-tok", BertForTokenClassification, lambda: bert(id2label=NER, label2id={v: k for k, v in NER.items()}),
     [torch.float32]),
    ("distilbert-mlm", DistilBertForMaskedLM, lambda: distilbert(), [torch.float32, torch.float16]),
    ("distilbert-seq", DistilBertForSequenceClassification,
     lambda: distilbert(id2label=SENTIMENT, label2id={v: k for k, v in SENTIMENT.items()}),
     [torch.float32, torch.bfloat16]),
    ("electra-generator", ElectraForMaskedLM, lambda: electra(embedding_size=8), [torch.float32, torch.bfloat16]),
    ("electra-discriminator", ElectraForPreTraining, lambda: electra(), [torch.float32]),
    ("electra-seq", ElectraForSequenceClassification,
     lambda: electra(id2label=SENTIMENT, label2id={v: k for k, v in SENTIMENT.items()}), [torch.float16]),
]

DTYPE_NAMES = {torch.float32: "f32", torch.float16: "f16", torch.bfloat16: "bf16"}


def short(value):
    """The shortest decimal that reads back as the same float32 (keeps reference.json small)."""
    return float(str(np.float32(value)))


def top(logits):
    probabilities = torch.softmax(logits.float(), dim=-1)
    values, ids = torch.topk(probabilities, TOP_K)
    return [int(i) for i in ids], [short(v) for v in values]


def mlm_head(model):
    """The head applied to any hidden state (for the logit lens)."""
    if isinstance(model, BertForMaskedLM):
        return model.cls
    if isinstance(model, DistilBertForMaskedLM):
        return lambda h: model.vocab_projector(model.vocab_layer_norm(model.activation(model.vocab_transform(h))))
    return lambda h: model.generator_lm_head(model.generator_predictions(h))


def reference(model, name, directory, tokenizer):
    model.eval()
    cases = []
    for index, (text, pair) in enumerate(CASES):
        encoding = tokenizer(text, pair) if pair else tokenizer(text)
        ids, segments = encoding["input_ids"], encoding["token_type_ids"]
        arguments = dict(input_ids=torch.tensor([ids]), output_hidden_states=True)
        if not isinstance(model, (DistilBertForMaskedLM, DistilBertForSequenceClassification)):
            arguments["token_type_ids"] = torch.tensor([segments])
        with torch.no_grad():
            out = model(**arguments)
        hidden = torch.stack([h[0] for h in out.hidden_states]).float()
        file = f"{name}-{index}.bin"
        with open(os.path.join(OUT, "hidden", file), "wb") as handle:
            handle.write(hidden.numpy().astype("<f4").tobytes())
        case = dict(text=text, pair=pair, ids=ids, segments=segments, hidden=f"hidden/{file}")
        if isinstance(model, (BertForMaskedLM, DistilBertForMaskedLM, ElectraForMaskedLM)):
            head = mlm_head(model)
            predictions = []
            with torch.no_grad():
                last = out.logits[0]
                for layer in range(hidden.shape[0]):
                    logits = head(hidden[layer]) if layer < hidden.shape[0] - 1 else last
                    for position in range(len(ids)):
                        top_ids, probabilities = top(logits[position])
                        predictions.append(dict(position=position, layer=layer, ids=top_ids,
                                                probabilities=probabilities))
            case["mlm"] = predictions
        elif isinstance(model, ElectraForPreTraining):
            logits = out.logits[0].float()
            case["replaced_logits"] = [short(v) for v in logits]
            case["replaced"] = [short(v) for v in torch.sigmoid(logits)]
        elif isinstance(model, BertForTokenClassification):
            logits = out.logits[0].float()
            case["token_logits"] = [[short(v) for v in row] for row in logits]
            case["token_probabilities"] = [[short(v) for v in row] for row in torch.softmax(logits, dim=-1)]
        else:
            logits = out.logits[0].float()
            case["logits"] = [short(v) for v in logits]
            case["probabilities"] = [short(v) for v in torch.softmax(logits, dim=-1)]
        cases.append(case)
    return cases


def main():
    torch.manual_seed(0)
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(os.path.join(OUT, "hidden"))
    tokenizer = BertTokenizerFast.from_pretrained(os.path.dirname(VOCAB))
    index = {"top_k": TOP_K, "models": {}}
    for number, (base, cls, make_config, dtypes) in enumerate(MODELS):
        generator = torch.Generator().manual_seed(200 + number)
        template = cls(make_config())
        randomize(template, generator, scale=0.5)
        if isinstance(template, BertForMaskedLM) and not template.config.tie_word_embeddings:
            # An untied decoder that differs from the embeddings, so using the wrong one would show.
            with torch.no_grad():
                template.cls.predictions.decoder.weight.copy_(
                    0.5 * torch.randn(template.cls.predictions.decoder.weight.shape, generator=generator))
        if isinstance(template, ElectraForPreTraining):
            # Without this the random bias saturates every token's probability near 0 or 1.
            with torch.no_grad():
                template.discriminator_predictions.dense_prediction.bias.zero_()
                template.discriminator_predictions.dense_prediction.weight.mul_(0.3)
        for dtype in dtypes:
            name = f"{base}-{DTYPE_NAMES[dtype]}"
            directory = os.path.join(OUT, "models", name)
            template.to(dtype).save_pretrained(directory)
            template.to(torch.float32)
            shutil.copy(VOCAB, os.path.join(directory, "vocab.txt"))
            model = cls.from_pretrained(directory, attn_implementation="eager", dtype=torch.float32)
            index["models"][name] = dict(path=f"models/{name}", architecture=cls.__name__,
                                         dtype=DTYPE_NAMES[dtype], cases=reference(model, name, directory, tokenizer))
    with open(os.path.join(OUT, "reference.json"), "w") as handle:
        json.dump(index, handle, indent=None, separators=(",", ":"))
        handle.write("\n")


if __name__ == "__main__":
    main()
