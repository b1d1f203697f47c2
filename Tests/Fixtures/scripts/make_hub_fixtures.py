#!/usr/bin/env python3
"""Regenerates Tests/Fixtures/hub: a tiny random BERT repo, a Hugging Face cache written by huggingface_hub
itself, and the PyTorch-checkpoint fixtures.

- repo/: the files of a fake hub repo `hub-test/tiny-bert` (config.json, vocab.txt, model.safetensors,
  pytorch_model.bin of the same weights, plus README.md and onnx/model.onnx that the explorer must not fetch);
  manifest.json lists each file's git oid, size and (for LFS files) sha256, and the repo's commit.
- hf-cache/: what `huggingface_hub.snapshot_download` writes when it downloads the files the explorer needs from
  a local imitation of the hub serving repo/ (loopback only). The Swift tests replay the same download with
  their own server and compare trees, and read this cache offline, so CI needs no Python.
- sharded/: the same weights as repo/model.safetensors, saved in shards with model.safetensors.index.json.
- half.bin / half.safetensors: float16 weights plus an int64 buffer, a Parameter and a storage-sharing view.
- pickles/: malicious and malformed torch checkpoints that must be refused.

With --binary PATH (a built bert-explorer), also checks that huggingface_hub, offline, finds every file our
downloader fetched from the same server.

Run from the checkout root: python3 Tests/Fixtures/scripts/make_hub_fixtures.py [--binary .build/debug/bert-explorer]
"""
import argparse
import hashlib
import http.server
import io
import json
import os
import pickle
import shutil
import subprocess
import tempfile
import threading
import zipfile

import torch
from safetensors.torch import save_file
from transformers import BertConfig, BertModel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "hub")
REPO = "hub-test/tiny-bert"
COMMIT = "0123456789abcdef0123456789abcdef01234567"
NEEDED = ["config.json", "vocab.txt", "model.safetensors"]
LFS = {"model.safetensors", "pytorch_model.bin", "onnx/model.onnx"}


def make_repo(repo_dir):
    torch.manual_seed(7)
    config = BertConfig(vocab_size=40, hidden_size=16, intermediate_size=32, num_hidden_layers=2,
                        num_attention_heads=2, max_position_embeddings=32, type_vocab_size=2)
    model = BertModel(config).eval()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            parameter.copy_(0.5 * torch.randn(parameter.shape) + (1 if "LayerNorm.weight" in name else 0))
    model.save_pretrained(repo_dir, safe_serialization=True)
    # The same weights in shards with a model.safetensors.index.json.
    sharded = os.path.join(OUT, "sharded")
    shutil.rmtree(sharded, ignore_errors=True)
    model.save_pretrained(sharded, max_shard_size="12KB")
    # The same weights as transformers 4 wrote a PyTorch checkpoint: torch.save(model.state_dict()), an
    # OrderedDict carrying _metadata (transformers 5 writes only safetensors).
    torch.save(model.state_dict(), os.path.join(repo_dir, "pytorch_model.bin"))
    # float16 weights plus what else a state dict may hold: an int64 buffer, a Parameter, and a view that
    # shares its storage at an offset.
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    half = {k: v.half() for k, v in state.items()}
    half["embeddings.position_ids"] = torch.arange(32, dtype=torch.int64).unsqueeze(0)
    base = torch.randn(6, 4).half()
    half["extra.base"] = base
    half["extra.view"] = base[2:]
    on_disk = dict(half)
    on_disk["extra.parameter"] = torch.nn.Parameter(torch.ones(3), requires_grad=False)
    half["extra.parameter"] = torch.ones(3)
    save_file({k: v.clone().contiguous() for k, v in half.items()}, os.path.join(OUT, "half.safetensors"))
    torch.save(on_disk, os.path.join(OUT, "half.bin"))
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + ["the", "cat", "sat", "on", "mat", "a", "dog", "##s",
                                                              "ran", "."]
    vocab += [f"w{i}" for i in range(40 - len(vocab))]
    with open(os.path.join(repo_dir, "vocab.txt"), "w") as f:
        f.write("\n".join(vocab) + "\n")
    with open(os.path.join(repo_dir, "README.md"), "w") as f:
        f.write("# tiny-bert\nA random test model.\n")
    os.makedirs(os.path.join(repo_dir, "onnx"), exist_ok=True)
    with open(os.path.join(repo_dir, "onnx", "model.onnx"), "wb") as f:
        f.write(b"not needed by the explorer" * 10)


def manifest_for(repo_dir):
    files = []
    for base, _, names in os.walk(repo_dir):
        for name in names:
            path = os.path.relpath(os.path.join(base, name), repo_dir)
            data = open(os.path.join(base, name), "rb").read()
            entry = {"path": path, "size": len(data),
                     "oid": hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()}
            if path in LFS:
                entry["sha256"] = hashlib.sha256(data).hexdigest()
            files.append(entry)
    return {"repo": REPO, "commit": COMMIT, "files": sorted(files, key=lambda e: e["path"])}


class Hub(http.server.BaseHTTPRequestHandler):
    """The endpoints huggingface_hub uses, served from repo/ (the Swift HubTestServer serves the same)."""
    manifest = None
    repo_dir = None

    def log_message(self, *args):
        pass

    def entry(self, path):
        return next((e for e in self.manifest["files"] if e["path"] == path), None)

    def send(self, status, headers, body=b""):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(headers.get("Content-Length", len(body))))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_HEAD(self):
        self.do_GET()

    def do_GET(self):
        path = self.path.split("?")[0]
        prefix = f"/api/models/{REPO}/revision/"
        if path.startswith(prefix):
            body = json.dumps({"id": REPO, "sha": COMMIT,
                               "siblings": [{"rfilename": e["path"]} for e in self.manifest["files"]]}).encode()
            return self.send(200, {"Content-Type": "application/json"}, body)
        if path.startswith(f"/api/models/{REPO}/tree/"):
            entries = []
            for e in self.manifest["files"]:
                item = {"type": "file", "path": e["path"], "size": e["size"], "oid": e["oid"]}
                if "sha256" in e:
                    item["lfs"] = {"oid": e["sha256"], "size": e["size"], "pointerSize": 134}
                entries.append(item)
            return self.send(200, {"Content-Type": "application/json"}, json.dumps(entries).encode())
        if path.startswith("/cdn/"):
            entry = next(e for e in self.manifest["files"] if e.get("sha256") == path[5:])
            data = open(os.path.join(self.repo_dir, entry["path"]), "rb").read()
            return self.send(200, {"ETag": f'"{entry["sha256"]}"'}, data)
        prefix = f"/{REPO}/resolve/"
        if path.startswith(prefix):
            revision, file = path[len(prefix):].split("/", 1)
            entry = self.entry(file)
            if entry is None:
                return self.send(404, {"X-Error-Code": "EntryNotFound"})
            data = open(os.path.join(self.repo_dir, file), "rb").read()
            headers = {"X-Repo-Commit": COMMIT, "ETag": f'"{entry["oid"]}"'}
            if "sha256" in entry:
                # Another origin, as the real hub's CDN is: metadata requests stop at this redirect.
                host = self.headers["Host"].replace("127.0.0.1", "localhost")
                headers.update({"X-Linked-Etag": f'"{entry["sha256"]}"', "X-Linked-Size": str(entry["size"]),
                                "Location": f"http://{host}/cdn/{entry['sha256']}"})
                return self.send(302, headers)
            return self.send(200, headers, data)
        self.send(404, {"X-Error-Code": "RepoNotFound"})


def serve(manifest, repo_dir):
    Hub.manifest, Hub.repo_dir = manifest, repo_dir
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Hub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def tree(folder):
    """Every entry under folder: symlink targets, file bytes' sha256, so two caches compare exactly.
    trees/<commit>.json (huggingface_hub's cache of the tree listing, used only by snapshot_download) is left out:
    bert-explorer does not write it."""
    listing = {}
    for base, dirs, names in os.walk(folder):
        if os.path.relpath(base, folder) == ".":
            dirs[:] = [d for d in dirs if d != "trees"]
        for name in dirs + names:
            full = os.path.join(base, name)
            rel = os.path.relpath(full, folder)
            if os.path.islink(full):
                listing[rel] = "-> " + os.readlink(full)
            elif os.path.isfile(full):
                listing[rel] = "sha256 " + hashlib.sha256(open(full, "rb").read()).hexdigest()
    return listing


def malicious_pickles():
    out = os.path.join(OUT, "pickles")
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)

    class Exploit:
        def __reduce__(self):
            return (os.system, ("echo pwned > /tmp/bert-explorer-pwned",))

    def checkpoint(name, payload):
        with zipfile.ZipFile(os.path.join(out, name), "w", zipfile.ZIP_STORED) as z:
            z.writestr("archive/data.pkl", payload)
            z.writestr("archive/version", "3\n")

    checkpoint("os-system.bin", pickle.dumps({"w": Exploit()}, protocol=2))
    checkpoint("builtins-eval.bin", pickle.dumps(eval, protocol=2) if False else
               b"\x80\x02cbuiltins\neval\nq\x00X\x0b\x00\x00\x00print(1234)q\x01\x85q\x02Rq\x03.")
    # A real state dict whose storage global is swapped for subprocess.Popen.
    buffer = io.BytesIO()
    torch.save({"w": torch.zeros(2)}, buffer)
    data = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = z.namelist()
        pkl_name = next(n for n in names if n.endswith("data.pkl"))
        pkl = z.read(pkl_name).replace(b"torch\nFloatStorage", b"subprocess\nPopen\n\n\n\n\n")[:len(z.read(pkl_name))]
        with zipfile.ZipFile(os.path.join(out, "storage-popen.bin"), "w", zipfile.ZIP_STORED) as w:
            for n in names:
                w.writestr(n, pkl if n == pkl_name else z.read(n))
    # Deflate-compressed entries (never written by torch): refused with a clear message.
    with zipfile.ZipFile(io.BytesIO(data)) as z, \
            zipfile.ZipFile(os.path.join(out, "deflated.bin"), "w", zipfile.ZIP_DEFLATED) as w:
        for n in z.namelist():
            w.writestr(n, z.read(n))
    # The legacy (pre-1.6, not a zip) format.
    legacy = io.BytesIO()
    torch.save({"w": torch.zeros(2)}, legacy, _use_new_zipfile_serialization=False)
    open(os.path.join(out, "legacy.bin"), "wb").write(legacy.getvalue())


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary")
    args = parser.parse_args()
    from huggingface_hub import hf_hub_download, snapshot_download

    os.makedirs(OUT, exist_ok=True)
    repo_dir = os.path.join(OUT, "repo")
    shutil.rmtree(repo_dir, ignore_errors=True)
    os.makedirs(repo_dir)
    make_repo(repo_dir)
    manifest = manifest_for(repo_dir)
    server = serve(manifest, repo_dir)
    endpoint = f"http://127.0.0.1:{server.server_address[1]}"
    os.environ["HF_ENDPOINT"] = endpoint
    os.environ["HF_HUB_DISABLE_XET"] = "1"

    cache = os.path.join(OUT, "hf-cache")
    shutil.rmtree(cache, ignore_errors=True)
    import huggingface_hub.constants as constants
    constants.ENDPOINT = endpoint
    constants.HUGGINGFACE_CO_URL_TEMPLATE = endpoint + "/{repo_id}/resolve/{revision}/{filename}"
    snapshot_download(REPO, cache_dir=cache, allow_patterns=NEEDED)
    shutil.rmtree(os.path.join(cache, ".locks"), ignore_errors=True)
    manifest["hf_cache_tree"] = tree(os.path.join(cache, "models--hub-test--tiny-bert"))
    manifest["needed"] = NEEDED

    if args.binary:
        ours = tempfile.mkdtemp()
        env = dict(os.environ, HF_HUB_CACHE=ours, HF_ENDPOINT=endpoint)
        run = subprocess.run([args.binary, "tokenize", "--model", REPO, "the cat"], env=env, capture_output=True)
        assert run.returncode == 0, run.stderr
        for name in NEEDED:
            found = hf_hub_download(REPO, name, cache_dir=ours, local_files_only=True)
            assert open(found, "rb").read() == open(os.path.join(repo_dir, name), "rb").read(), name
        assert tree(os.path.join(ours, "models--hub-test--tiny-bert")) == manifest["hf_cache_tree"]
        shutil.rmtree(ours)
        print("huggingface_hub (offline) reads every file bert-explorer downloaded; trees identical")
    server.shutdown()

    with open(os.path.join(OUT, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=1, sort_keys=True)
        f.write("\n")
    malicious_pickles()


if __name__ == "__main__":
    main()
