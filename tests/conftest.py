from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.openai_stub import StubServer

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "sample_projects"
SHARED = REPO.parent / "shared"
#: The installed console script: tests drive the real entry point.
SORACHECK = Path(sys.executable).parent / "soracheck"


#: Variables that would point the notes agent at a real model: never inherited by a test run.
MODEL_VARIABLES = ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SORACHECK_MODEL")


def soracheck(
    *args: str | Path, cwd: Path | None = None, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the installed ``soracheck`` with ``env`` added to a copy of the environment without model settings."""
    environment = {k: v for k, v in os.environ.items() if k not in MODEL_VARIABLES} | (env or {})
    return subprocess.run(
        [str(SORACHECK), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=environment,
        input=stdin,
        timeout=60,
    )


@pytest.fixture
def shared() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent: the shared corpus lives beside the repository")
    return SHARED


@pytest.fixture
def openai_stub() -> Iterator[StubServer]:
    """An OpenAI-compatible server on 127.0.0.1 that answers from a script (see tests/openai_stub.py)."""
    with StubServer() as stub:
        yield stub
