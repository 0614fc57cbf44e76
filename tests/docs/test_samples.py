"""Every Python sample in README.md and docs/ runs, as written, against the emulator.

See ``tests/docs/samples.py`` for how a sample is found and run, and the directive a page
puts before a fragment. A sample that stops working fails here, by its page and line.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from smscx.testing import Emulator
from tests.docs.samples import ROOT, Sample, program, samples

pytestmark = pytest.mark.integration

SAMPLES = samples()


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Emulator, str]]:
    emulator = Emulator(
        api_keys=["YOUR_API_KEY"],
        applications={"YOUR_APPLICATION_ID": "YOUR_APPLICATION_SECRET"},
        balance=1_000_000,
        dlr=False,
    )
    with emulator.serve_sync() as url:
        yield emulator, url


#: Files the samples read, in the directory they run in.
FILES = {"subscribers.csv": "+33612345678\n+447400123456\n+34612345678\n"}


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.name for s in SAMPLES])
def test_the_sample_runs(sample: Sample, served: tuple[Emulator, str], tmp_path: Path) -> None:
    if sample.skip:
        pytest.skip(sample.skip)
    emulator, url = served
    emulator.reset()
    env = {
        **os.environ,
        "SMSCX_BASE_URL": url,
        "SMSCX_API_KEY": "YOUR_API_KEY",
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    for name in ("SMSCX_ACCESS_TOKEN", "SMSCX_CLIENT_ID", "SMSCX_CLIENT_SECRET"):
        env.pop(name, None)
    for name, content in FILES.items():
        (tmp_path / name).write_text(content)
    done = subprocess.run(
        [sys.executable, "-c", program(sample)],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, f"{sample.name} failed:\n{done.stderr[-3000:]}"


def test_every_page_with_python_has_its_samples_found() -> None:
    assert len(SAMPLES) >= 60
