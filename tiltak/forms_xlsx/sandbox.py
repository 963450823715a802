"""Reading a form in a child process with limits on memory and time, as document imports are parsed
(tiltak.importer.sandbox): a hostile file can cost a web worker neither gigabytes nor minutes.

The child is a fresh Python (``python -m tiltak.forms_xlsx.sandbox``) that limits its own address space and CPU
time, reads the file on stdin and writes what :func:`tiltak.forms_xlsx.reader.read_form` read (or the refusal's
code) as JSON on stdout. The parent waits at most ``Limits.wall_seconds``.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from dataclasses import dataclass

from tiltak.forms_xlsx.reader import Unreadable
from tiltak.lib.child_limits import limit_this_process


@dataclass(frozen=True)
class Limits:
    memory_bytes: int = 768 * 1024 * 1024
    cpu_seconds: int = 20
    wall_seconds: float = 30  # below gunicorn's worker timeout (60 s)


LIMITS = Limits()


def read_in_child(data: bytes, *, limits: Limits = LIMITS) -> dict:
    try:
        child = subprocess.run(  # noqa: S603 (our own interpreter and module; the file goes on stdin)
            [sys.executable, "-m", "tiltak.forms_xlsx.sandbox", json.dumps(
                {"memory_bytes": limits.memory_bytes, "cpu_seconds": limits.cpu_seconds})],
            input=data, capture_output=True, timeout=limits.wall_seconds, check=False,
        )
    except subprocess.TimeoutExpired:
        raise Unreadable("too_slow") from None
    if child.returncode in (-signal.SIGXCPU, -signal.SIGKILL):
        raise Unreadable("too_slow")
    try:
        answer = json.loads(child.stdout)
    except ValueError:
        answer = None
    if not isinstance(answer, dict):
        raise Unreadable("too_big" if b"MemoryError" in child.stderr else "broken", what="memory")
    if "error" in answer:
        raise Unreadable(answer["error"], **answer.get("details", {}))
    return answer["form"]


def _child(request: dict) -> int:
    limit_this_process(memory_bytes=request["memory_bytes"], cpu_seconds=request["cpu_seconds"])
    from tiltak.forms_xlsx.reader import read_form

    try:
        answer = {"form": read_form(sys.stdin.buffer.read())}
    except Unreadable as exc:
        answer = {"error": exc.code, "details": exc.details}
    except MemoryError:
        answer = {"error": "too_big", "details": {"what": "memory"}}
    except RecursionError:
        answer = {"error": "broken", "details": {}}
    sys.stdout.buffer.write(json.dumps(answer, ensure_ascii=False).encode("utf-8"))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(_child(json.loads(sys.argv[1])))
