"""Typeset a Typst document to PDF in a child process: ``typeset(template, data, fonts=…)``.

Typst (the ``typst`` binding) memoises its work in a cache shared by the whole process and drops an entry only
after ten more compiles have gone by without it: in a long-running server every render would keep its layout in
memory for ten renders to come (about 130 MB each for a 200-measure round; measured in docs/benchmarks.md). A
child per render gives it all back when it exits, and costs about 0.1 s of CPU — Python and the fonts starting —
on top of the layout. The child runs this module (``python -m tiltak.lib.typeset TEMPLATE FONTS``), imports
nothing but the binding, reads the data (JSON text, given to the document as ``sys.inputs.data``) on stdin and
writes the PDF on stdout.

The PDF is declared PDF/UA-1. That standard forbids a letter no font can show (an emoji, Chinese); Typst then
refuses, and the document is made again without the declaration — tagged as before, the letter a box — so a
report always comes out. ``Typeset.standard`` says which was made.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

STANDARD = "ua-1"
UNSHOWABLE = "could not be displayed"  # Typst's words for a letter no font has
TIMEOUT_SECONDS = 600  # far above the largest round's layout (seconds); a child that hangs is killed


class TypesetError(RuntimeError):
    """Typst refused the document (a fault in the template or in the data given to it)."""


@dataclass(frozen=True)
class Typeset:
    pdf: bytes
    standard: str | None  # "ua-1", or None when it had to be left out
    note: str  # why it was left out, or ""


def typeset(template: Path, data: str, *, fonts: Path) -> Typeset:
    done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
        [sys.executable, "-m", "tiltak.lib.typeset", str(template), str(fonts)],
        input=data.encode("utf-8"), capture_output=True, timeout=TIMEOUT_SECONDS, check=False,
    )
    message = done.stderr.decode("utf-8", "replace").strip()
    if done.returncode != 0:
        raise TypesetError(message or f"typst child exited with {done.returncode}")
    if message.startswith(UNSHOWABLE):
        return Typeset(done.stdout, None, message)
    return Typeset(done.stdout, STANDARD, "")


def _main(template: str, fonts: str) -> int:
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
    sys.exit(_main(*sys.argv[1:3]))
