#!/usr/bin/env python3
"""Checks deploy/k8s/: the manifests parse as YAML, are the Indexed Job and merge Job the
README describes, every flag of their command lines is one `accord tournament --help` (or
`accord tournament merge --help`) lists, and the command lines run: each index's command,
with /data/t.toml mapped to bench/sim/tournament.toml and /data/results to a temporary
folder, then the merge's, whose file must be byte for byte the unsharded run's.

    python3 tests/k8s/check.py [ACCORD_BIN]    # default target/release/accord

Needs PyYAML (Debian: python3-yaml). Exits 1 with the problem named.
"""

import os
import re
import shlex
import subprocess
import sys
import tempfile

import yaml

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ACCORD = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "target/release/accord")
K8S = os.path.join(ROOT, "deploy/k8s")
CONFIG = os.path.join(ROOT, "bench/sim/tournament.toml")
INDEX = "$(JOB_COMPLETION_INDEX)"


def fail(msg):
    print(f"tests/k8s: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def load(name):
    path = os.path.join(K8S, name)
    try:
        with open(path) as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        fail(f"{path}: not YAML: {e}")
    if len(docs) != 1:
        fail(f"{path}: expected one document, found {len(docs)}")
    job = docs[0]
    if job.get("apiVersion") != "batch/v1" or job.get("kind") != "Job":
        fail(f"{path}: not a batch/v1 Job")
    containers = job["spec"]["template"]["spec"]["containers"]
    if len(containers) != 1:
        fail(f"{path}: expected one container")
    cmd = containers[0]["command"] + containers[0].get("args", [])
    if cmd[:2] == ["sh", "-c"]:
        cmd = shlex.split(cmd[2])
        if cmd[0] == "exec":
            cmd = cmd[1:]
    if cmd[0] != "accord":
        fail(f"{path}: the command is not accord: {cmd}")
    return path, job, cmd[1:]


def flags(*sub):
    """The long and short flags `accord SUB... --help` lists."""
    out = subprocess.run([ACCORD, *sub, "--help"], capture_output=True, text=True, check=True).stdout
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b", out))


def check_flags(path, args, known):
    for a in args:
        if a.startswith("-") and a not in known:
            fail(f"{path}: `{a}` is not a flag of `accord {' '.join(args[:2])}` (--help lists {sorted(known)})")


def run(args):
    p = subprocess.run([ACCORD, *args], capture_output=True, text=True)
    if p.returncode != 0:
        fail(f"`accord {shlex.join(args)}` exited {p.returncode}: {p.stderr.strip()}")
    return p


def main():
    tpath, tjob, targs = load("tournament-job.yaml")
    mpath, mjob, margs = load("merge-job.yaml")
    spec = tjob["spec"]
    if spec.get("completionMode") != "Indexed":
        fail(f"{tpath}: completionMode is not Indexed")
    n = spec["completions"]
    if targs[0] != "tournament" or "merge" in targs:
        fail(f"{tpath}: not `accord tournament CONFIG ...`: {targs}")
    check_flags(tpath, targs, flags("tournament"))
    shard = targs[targs.index("--shard") + 1]
    if shard != f"{INDEX}/{n}":
        fail(f"{tpath}: --shard {shard} does not match completions: {n} (expected {INDEX}/{n})")
    if margs[:2] != ["tournament", "merge"]:
        fail(f"{mpath}: not `accord tournament merge ...`: {margs}")
    check_flags(mpath, margs, flags("tournament", "merge"))

    with tempfile.TemporaryDirectory() as tmp:

        def local(a, i=None):
            a = a.replace("/data/t.toml", CONFIG).replace("/data/results", tmp)
            return a if i is None else a.replace(INDEX, str(i))

        # Every index's command, as the pods run it.
        for i in range(n):
            run([local(a, i) for a in targs])
        # The merge's, its glob expanded as sh would.
        merge = []
        for a in margs:
            a = local(a)
            if "*" in a:
                d, pat = os.path.split(a)
                rx = re.compile("^" + re.escape(pat).replace(r"\*", ".*") + "$")
                merge += sorted(os.path.join(d, f) for f in os.listdir(d) if rx.match(f))
            else:
                merge.append(a)
        run(merge)
        merged = os.path.join(tmp, "t.jsonl")
        whole = os.path.join(tmp, "whole.jsonl")
        run(["tournament", CONFIG, "--out", whole, "--quiet"])
        with open(merged, "rb") as a, open(whole, "rb") as b:
            if a.read() != b.read():
                fail("the merge job's file differs from the unsharded run's")
    print(f"tests/k8s: PASS: {tpath} ({n} indexes) and {mpath} parse, use known flags, "
          "and run to the unsharded run's file")


main()
