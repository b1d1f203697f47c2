"""Tokenizer with an empty continuing_subword_prefix and what Hugging Face tokenizers makes of some words.

Writes Tests/Fixtures/tokenizer/empty-prefix/{tokenizer.json,expected.json}. Run with the reference venv:
    /work/pyref/bin/python Tests/Fixtures/scripts/make_empty_prefix_fixture.py
"""
import json
import pathlib

from tokenizers import Tokenizer, models, normalizers, pre_tokenizers, processors

out = pathlib.Path(__file__).resolve().parents[1] / "tokenizer" / "empty-prefix"
out.mkdir(parents=True, exist_ok=True)
vocab = {"[UNK]": 0, "[CLS]": 1, "[SEP]": 2, "world": 3, "l": 4, "y": 5, "w": 6, "or": 7, "##ly": 8, "d": 9, "un": 10,
         "known": 11, "!": 12}
tokenizer = Tokenizer(models.WordPiece(vocab=vocab, unk_token="[UNK]", continuing_subword_prefix=""))
tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True)
tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
tokenizer.post_processor = processors.BertProcessing(("[SEP]", 2), ("[CLS]", 1))
tokenizer.save(str(out / "tokenizer.json"))
texts = ["worldly", "world wordly unknown!", "Worldly ##ly xyz", "dwly"]
expected = []
for text in texts:
    encoding = tokenizer.encode(text)
    expected.append({"text": text, "ids": encoding.ids, "tokens": encoding.tokens,
                     "offsets": [list(o) for o in encoding.offsets]})
(out / "expected.json").write_text(json.dumps(expected, ensure_ascii=False, indent=1) + "\n")
