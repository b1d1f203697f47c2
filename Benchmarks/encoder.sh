#!/usr/bin/env bash
# Builds release and runs the encoder benchmark against PyTorch eager (see encoder.py).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bert-explorer >/dev/null
exec python3 Benchmarks/encoder.py "$@"
