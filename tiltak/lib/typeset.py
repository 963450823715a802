"""Typeset a Typst document to PDF in a child process: ``typeset(template, data, fonts=…)``.

Typst (the ``typst`` binding) memoises its work in a cache shared by the whole process and drops an entry only
after ten more compiles have gone by without it: in a long-running server every render would keep its layout in
memory for ten renders to come (about 130 MB each for a 200-measure round; measured in docs/benchmarks.md). A
child per render gives it all back when it exits, and costs about 0.1 s of CPU — Python and the fonts starting —
on top of the layout. The child runs this module (``python -m tiltak.lib.typeset TEMPLATE FONTS``), imports
nothing but the binding, reads the data (JSON text, given to the document as ``sys.inputs.data``) on stdin and
writes the PDF on stdout.

The child limits its own memory (address space, ``RLIMIT_AS``) and processor time (``RLIMIT_CPU``) before it
imports anything, as the importer's sandbox does, and the parent waits at most ``wall_seconds``: a report that
would take more is refused with :class:`TooLarge`, whose message says so in words, rather than take a gigabyte of
the server. The child says its peak memory on its last line of stderr (``last_usage``).

The PDF is declared PDF/UA-1. That standard forbids a letter no font can show (an emoji, Chinese); Typst then
refuses, and the document is made again without the declaration — tagged as before, the letter a box — so a
report always comes out. ``Typeset.standard`` says which was made.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from tiltak.lib.child_limits import limit_this_process, peak_rss_kib

STANDARD = "ua-1"
UNSHOWABLE = "could not be displayed"  # Typst's words for a letter no font has
# The built-in round (35 measures) lays out in ~70 MB and 1.5 s; a round at the import maximum (2,000 measures)
# took 906 MB and is refused under these limits (docs/benchmarks.md, «Bounded renders»).
MEMORY_BYTES = 768 * 1024 * 1024
CPU_SECONDS = 60
WALL_SECONDS = 120
PEAK = "peak_rss_kb="
# What a child that ran out of its memory says, when it could say anything (Python's, the loader's, Rust's words).
OUT_OF_MEMORY = ("MemoryError", "failed to map segment", "Cannot allocate memory", "memory allocation")


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = MEMORY_BYTES
    cpu_seconds: int = CPU_SECONDS
    wall_seconds: float = WALL_SECONDS


@dataclass
class Usage:
    """The last typesetting's peak resident memory in this process (0 when the child was stopped)."""

    peak_rss_bytes: int = 0


last_usage = Usage()


class TypesetError(RuntimeError):
    """Typst refused the document (a fault in the template or in the data given to it)."""


class TooLarge(TypesetError):
    """The document needs more memory or time than a render may take."""


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    standard: str | None  # "ua-1", or None when it had to be left out
    note: str  # why it was left out, or ""


def typeset(template: Path, data: str, *, fonts: Path, limits: Limits = Limits()) -> Typeset:
    last_usage.peak_rss_bytes = 0
    too_large = (f"the report is too large to lay out as PDF within a render's limits ({limits.memory_bytes >> 20} "
                 f"MB of memory, {limits.cpu_seconds} s of processor time)")
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "tiltak.lib.typeset", str(template), str(fonts), str(limits.memory_bytes),
             str(limits.cpu_seconds)],
            input=data.encode("utf-8"), capture_output=True, timeout=limits.wall_seconds, check=False,
        )
    except subprocess.TimeoutExpired:
        raise TooLarge(too_large) from None
    lines = done.stderr.decode("utf-8", "replace").strip().splitlines()
    if lines and lines[-1].startswith(PEAK):
        last_usage.peak_rss_bytes = int(lines.pop()[len(PEAK):]) * 1024
    message = "\n".join(lines).strip()
    if done.returncode < 0 or any(sign in message for sign in OUT_OF_MEMORY):
        # Killed by its limits: SIGABRT when an allocation failed, SIGXCPU/SIGKILL past the processor time.
        raise TooLarge(too_large)
    if done.returncode != 0:
        raise TypesetError(message or f"typst child exited with {done.returncode}")
    if message.startswith(UNSHOWABLE):
        return Typeset(done.stdout, None, message)
    return Typeset(done.stdout, STANDARD, "")


def _main(template: str, fonts: str, memory_bytes: str = str(MEMORY_BYTES), cpu_seconds: str = str(CPU_SECONDS)) -> int:
    limit_this_process(memory_bytes=int(memory_bytes), cpu_seconds=int(cpu_seconds), cpu_grace_seconds=5)
    try:
        return _typeset(template, fonts)
    finally:
        sys.stderr.write(f"\n{PEAK}{peak_rss_kib()}\n")


def _typeset(template: str, fonts: str) -> int:
    import typst

    # Only the fonts given and Typst's own (built into the binding, the same everywhere) stand in for a letter
    # they lack; the system's fonts are never looked at, so the same data gives the same file on every machine.
    font_set = typst.Fonts(include_system_fonts=False, include_embedded_fonts=True, font_paths=[fonts])
    # The template's folder is the document's root: it can read no file outside it.
    compiler = typst.Compiler(root=str(Path(template).parent), font_paths=font_set)
    inputs = {"data": sys.stdin.buffer.read().decode("utf-8")}
    try:
        try:
            pdf = compiler.compile(template, format="pdf", sys_inputs=inputs, pdf_standards=[STANDARD])
        except typst.TypstError as error:
            if UNSHOWABLE not in str(error):
                raise
            pdf = compiler.compile(template, format="pdf", sys_inputs=inputs)
            sys.stderr.write(f"{UNSHOWABLE}: {error}; made without the {STANDARD} declaration\n")
    except typst.TypstError as error:
        sys.stderr.write(f"{error}\n{getattr(error, 'diagnostic', '')}\n")
        return 3
    sys.stdout.buffer.write(pdf)
    return 0


if __name__ == "__main__":
    sys.exit(_main(*sys.argv[1:5]))
