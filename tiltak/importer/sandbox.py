"""Parsing a document in a child process with limits on its memory and time, so that no file — a hostile upload
included — can take gigabytes or minutes of a web worker or a command.

The readers cap what they read (pages, glyphs, paragraphs, inflated sizes, characters: see
:mod:`tiltak.importer.readers`); this is the second wall, for whatever the caps did not foresee. The child is a
fresh Python (``python -m tiltak.importer.sandbox``, so nothing of the parent — its database connection, its
threads — is inherited): it limits its own address space (``RLIMIT_AS``) and CPU time (``RLIMIT_CPU``) before it
reads anything, reads the document's bytes on stdin and writes the report JSON, or the one-line error, on stdout.
The parent waits at most ``wall_seconds`` and kills it then. Nothing here touches the database, so a parse never
holds its write lock.

``tiltak parse``, ``tiltak import`` and the web upload parse through :func:`parse_bytes` / :func:`parse_file`.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tiltak.lib.child_limits import limit_this_process, peak_rss_kib

from .api import ImportFailure, TooLong
from .document import MalformedReport, ParsedReport
from .readers import DEFAULT_MAX_BYTES, UnreadableDocument, load_path

MEMORY_BYTES = 1024 * 1024 * 1024  # address space of the child (Python, pdfminer and the lexicon take ~300 MB)
CPU_SECONDS = 30
WALL_SECONDS = 40  # below gunicorn's worker timeout (60 s), so a worker answers before it is killed


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = MEMORY_BYTES
    cpu_seconds: int = CPU_SECONDS
    wall_seconds: float = WALL_SECONDS


@dataclass
class Usage:
    """What the last parse in a child cost: wall time and the child's peak resident memory (0 when the child
    could not say: it was killed)."""

    seconds: float = 0.0
    peak_rss_bytes: int = 0


last_usage = Usage()


def parse_file(path: str | Path, *, scale: str | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               limits: Limits = Limits()) -> ParsedReport:
    try:
        data = load_path(path, max_bytes=max_bytes)
    except UnreadableDocument as exc:
        raise ImportFailure(str(exc)) from None
    return parse_bytes(data, name=str(path), scale=scale, max_bytes=max_bytes, limits=limits)


def parse_bytes(data: bytes, *, name: str = "document", scale: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, limits: Limits = Limits()) -> ParsedReport:
    """Parse ``data`` in a child process; :class:`ImportFailure` with a one-line message on any bad input."""
    import time

    if len(data) > max_bytes:
        raise ImportFailure(f"{name}: {len(data)} bytes is over the size limit of {max_bytes} bytes")
    request = {"name": name, "scale": scale, "max_bytes": max_bytes, "memory_bytes": limits.memory_bytes,
               "cpu_seconds": limits.cpu_seconds}
    started = time.monotonic()
    try:
        child = subprocess.run(  # noqa: S603 (our own interpreter and module; the document goes on stdin)
            [sys.executable, "-m", "tiltak.importer.sandbox", json.dumps(request)],
            input=data, capture_output=True, timeout=limits.wall_seconds, check=False,
        )
    except subprocess.TimeoutExpired:
        raise ImportFailure(f"{name}: reading the document took longer than {limits.wall_seconds:g} seconds; "
                            "it is refused") from None
    finally:
        last_usage.seconds = time.monotonic() - started
        last_usage.peak_rss_bytes = 0
    return _answer(child, name=name, limits=limits)


def _answer(child: subprocess.CompletedProcess, *, name: str, limits: Limits) -> ParsedReport:
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise ImportFailure(f"{name}: reading the document took more than {limits.cpu_seconds} seconds of "
                            "processor time; it is refused")
    try:
        answer = json.loads(child.stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        detail = child.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no answer"]
        if "MemoryError" in detail[0]:
            raise ImportFailure(_too_big(name, limits))
        raise ImportFailure(f"{name}: the document could not be read (the reader stopped: {detail[0][:200]})")
    last_usage.peak_rss_bytes = int(answer.get("peak_rss_kib") or 0) * 1024
    if "error" in answer:
        if isinstance(answer.get("too_long"), dict):
            raise TooLong(str(answer["error"]), **answer["too_long"])
        raise ImportFailure(str(answer["error"]))
    try:
        report = ParsedReport.from_json(answer["report"])
    except MalformedReport as exc:  # the child checks the limits; this is the wall behind that check
        raise ImportFailure(f"{name}: {exc}") from None
    report.restorations = list(answer["report"].get("restorations") or [])
    report.scale_slug = answer.get("scale_slug")
    return report


def _too_big(name: str, limits: Limits) -> str:
    return (f"{name}: reading the document needs more than {limits.memory_bytes // (1024 * 1024)} MB of memory; "
            "it is refused")


# -- the child ----------------------------------------------------------------------------------------------------


def _child(request: dict) -> int:
    limit_this_process(memory_bytes=request["memory_bytes"], cpu_seconds=request["cpu_seconds"])
    name = request["name"]
    out = sys.stdout.buffer
    try:
        from .api import parse_bytes as parse_here

        data = sys.stdin.buffer.read(request["max_bytes"] + 1)
        report = parse_here(data, name=name, scale=request["scale"], max_bytes=request["max_bytes"])
        answer = {"report": report.to_json(with_restorations=True), "scale_slug": report.scale_slug}
    except TooLong as exc:
        answer = {"error": str(exc), "too_long": exc.as_dict()}
    except ImportFailure as exc:
        answer = {"error": str(exc)}
    except MemoryError:
        answer = {"error": _too_big(name, Limits(memory_bytes=request["memory_bytes"]))}
    except RecursionError:
        answer = {"error": f"{name}: the document is nested too deeply to be read"}
    answer["peak_rss_kib"] = peak_rss_kib()
    out.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    out.flush()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(_child(json.loads(sys.argv[1])))
