#!/usr/bin/env bash
# Builds release and runs the encoder benchmarks: against PyTorch eager (encoder.py), then against ONNX Runtime
# (encoder_onnx.py). PYTHON picks the interpreter (default python3); arguments go to both scripts.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product bert-explorer >/dev/null
"${PYTHON:-python3}" Benchmarks/encoder.py "$@"
"${PYTHON:-python3}" Benchmarks/encoder_onnx.py
