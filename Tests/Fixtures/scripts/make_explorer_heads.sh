#!/bin/sh
# Trains the heads the explorer's head-row tests open (Tests/Fixtures/explorer-heads), on the bundled model, with
# the program itself: a sentiment probe sweep over 300 snippets (every layer; the best saved, with its sweep table)
# and an entity tagger over 600 silver-labelled sentences, both cut from Samples/datasets.
# Run from the repository root after `swift build -c release`; rerun when the bundled model changes (a head
# refuses any other encoder).
set -eu
bin=.build/release/bert-explorer
out=Tests/Fixtures/explorer-heads
mkdir -p "$out/data"
# Every 28th snippet (the file is sorted by source, so the first 300 are nearly all positive).
awk 'NR == 1 || NR % 28 == 0' Samples/datasets/sentiment-train.csv > "$out/data/sentiment-300.csv"
awk 'BEGIN { n = 0 } { print } /^$/ { n++; if (n == 600) exit }' Samples/datasets/entities-silver-train.conll > "$out/data/entities-600.conll"
rm -rf "$out/sentiment" "$out/entities"
"$bin" train --data "$out/data/sentiment-300.csv" --layer all --pool mean --seed 0 --out "$out/sentiment" --no-cache
"$bin" train --task token --data "$out/data/entities-600.conll" --layer 4 --seed 0 --out "$out/entities" --no-cache
