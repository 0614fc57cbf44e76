"""Developer sessions: `nox -s tests`, `lint`, `typecheck`, `docs` (CI runs these) and `bench`.

`tests` runs on every Python the package claims (`requires-python = ">=3.10"`), one session
each: `nox -s tests` runs them all, `nox -s tests-3.11` one. nox finds each interpreter on
PATH as `python3.10` ...; a missing one is an error, not a skipped session, so that a
version never goes untested unnoticed. The other sessions run on nox's own Python.
"""

from __future__ import annotations

import nox

#: Every Python the package claims, oldest first.
PYTHONS = ["3.10", "3.11", "3.12", "3.13"]

nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """The whole suite, every async test on asyncio and trio, on one Python."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff>=0.6")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """Strict mypy on the package."""
    session.install("-e", ".[test]", "mypy>=1.11")  # the package's own imports, typed
    session.run("mypy", "-p", "smscx")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation site (MkDocs Material + mkdocstrings), warnings as errors."""
    session.install("-e", ".[docs]")
    session.run("mkdocs", "build", "--strict", *session.posargs, env={"NO_MKDOCS_2_WARNING": "1"})


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmarks against peers on loopback; writes docs/benchmarks.md and .png.

    Not part of CI: speed is measured here, as ratios within one run, never in tests.
    `nox -s bench -- --quick` is a smoke run of under a minute.
    """
    session.install(
        "-e",
        ".[fast,testing]",
        "smscx-client",
        "httpx-aiohttp",  # a peer: raw httpx on aiohttp's pool (it brings aiohttp along)
        "matplotlib",
        "trio",
        "uvicorn[standard]",
    )
    session.run("python", "-m", "benchmarks.run", *session.posargs)
