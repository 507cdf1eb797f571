"""Shared fixtures: the repository, `../shared` beside it, and the `accord` binary (for the
tests that compare the package with the CLI's `--json`)."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
TOY = ROOT / "examples" / "toy-border.toml"
GENIUS = SHARED / "domains" / "genius"


def _binary():
    given = os.environ.get("ACCORD_BIN")
    if given:
        return Path(given)
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "accord"
        if p.exists():
            return p
    found = shutil.which("accord")
    return Path(found) if found else None


@pytest.fixture(scope="session")
def cli():
    """Runs `accord ARGS... --json` and returns the parsed output (and the exit code)."""
    binary = _binary()
    if binary is None:
        pytest.skip("no accord binary: build it (cargo build -p accord-cli) or set ACCORD_BIN")

    def run(*args, code=0):
        p = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
        assert p.returncode == code, p.stderr
        return json.loads(p.stdout) if p.stdout.strip() else None

    return run


@pytest.fixture(scope="session")
def cli_text():
    """Runs `accord ARGS...` and returns its standard output as text."""
    binary = _binary()
    if binary is None:
        pytest.skip("no accord binary: build it (cargo build -p accord-cli) or set ACCORD_BIN")

    def run(*args, code=0):
        p = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True)
        assert p.returncode == code, p.stderr
        return p.stdout

    return run


@pytest.fixture(scope="session")
def toy():
    import accord

    return accord.Scenario.load(TOY)


def ctrl_c_stops(call, *, after=1.0, watchdog=90, within=60):
    """Sends a real SIGINT to this process `after` seconds into `call()` (a computation of
    minutes or more, run with the GIL released) and asserts that it raises KeyboardInterrupt
    within `within` seconds. Were the interrupt ignored, the faulthandler watchdog (a C thread)
    ends the process after `watchdog` seconds with a traceback instead of letting it run."""
    import faulthandler
    import signal
    import threading
    import time

    timer = threading.Timer(after, lambda: os.kill(os.getpid(), signal.SIGINT))
    faulthandler.dump_traceback_later(watchdog, exit=True)
    start = time.monotonic()
    try:
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            call()
    finally:
        faulthandler.cancel_dump_traceback_later()
        timer.cancel()
    assert time.monotonic() - start < within
