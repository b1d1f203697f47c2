#!/usr/bin/env python3
"""Measures a hub download's memory: bert-explorer fetches a repo whose model.safetensors is SIZE_MB of random
bytes from a loopback imitation of the hub (the fixture script's), under /usr/bin/time -v; the peak RSS is
compared with the same download of the small fixture repo. Streaming to disk keeps the two close.

Run from the checkout root: python3 Benchmarks/hub_download.py .build/release/bert-explorer [SIZE_MB]
"""
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "scripts"))
import make_hub_fixtures as fixtures  # noqa: E402


def run(binary, repo_dir):
    manifest = fixtures.manifest_for(repo_dir)
    server = fixtures.serve(manifest, repo_dir)
    cache = tempfile.mkdtemp()
    env = dict(os.environ, HF_HUB_CACHE=cache, HF_ENDPOINT=f"http://127.0.0.1:{server.server_address[1]}")
    start = time.monotonic()
    result = subprocess.run(["/usr/bin/time", "-v", binary, "tokenize", "--model", fixtures.REPO, "the cat"],
                            env=env, capture_output=True, text=True)
    elapsed = time.monotonic() - start
    server.shutdown()
    shutil.rmtree(cache)
    assert result.returncode == 0, result.stderr
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr).group(1))
    return rss, elapsed


def main():
    binary = sys.argv[1]
    size_mb = int(sys.argv[2]) if len(sys.argv) > 2 else 256
    small = os.path.join(fixtures.OUT, "repo")
    big = tempfile.mkdtemp()
    for name in ["config.json", "vocab.txt"]:
        shutil.copy(os.path.join(small, name), big)
    with open(os.path.join(big, "model.safetensors"), "wb") as f:
        for _ in range(size_mb):
            f.write(os.urandom(1 << 20))
    small_rss, _ = run(binary, small)
    big_rss, elapsed = run(binary, big)
    shutil.rmtree(big)
    print(f"peak RSS: {small_rss / 1024:.1f} MiB for the 28 kB fixture, {big_rss / 1024:.1f} MiB for {size_mb} MiB "
          f"({size_mb / elapsed:.0f} MiB/s including sha256 and the process start)")


if __name__ == "__main__":
    main()
