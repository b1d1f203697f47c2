#!/bin/sh
# Hugging Face tokenizers vs bert-explorer, single thread, same files, same run. See tokenizer.py.
set -e
cd "$(dirname "$0")/.."
swift build -c release --product bert-explorer >/dev/null
echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc)-core $(uname -m), $(lscpu | sed -n 's/^Model name: *//p')"
TOKENIZERS_PARALLELISM=false exec python3 Benchmarks/tokenizer.py "$@"
