"""A small HTTP/1.1 load client for when ``wrk`` is not installed: ``python -m tiltak.bench.load URL SECONDS N``
keeps N keep-alive connections busy for SECONDS and prints «requests/s p99_ms errors»."""

import asyncio
import statistics
import sys
import time
from urllib.parse import urlsplit


async def _worker(host: str, port: int, path: str, until: float, latencies: list, errors: list) -> None:
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: keep-alive\r\n\r\n".encode()
    reader = writer = None
    while time.monotonic() < until:
        try:
            if writer is None:
                reader, writer = await asyncio.open_connection(host, port)
            start = time.perf_counter()
            writer.write(request)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append(time.perf_counter() - start)
            if status >= 400:
                errors.append(status)
            if b"connection: close" in head.lower():
                writer.close()
                writer = None
        except (OSError, asyncio.IncompleteReadError, ValueError):
            errors.append("socket")
            writer = None
    if writer is not None:
        writer.close()


async def main(url: str, seconds: float, connections: int) -> None:
    parts = urlsplit(url)
    latencies, errors = [], []
    start = time.monotonic()
    until = start + seconds
    await asyncio.gather(*(_worker(parts.hostname, parts.port or 80, parts.path or "/", until, latencies, errors)
                           for _ in range(connections)))
    elapsed = time.monotonic() - start
    p99 = statistics.quantiles(latencies, n=100)[98] * 1000 if len(latencies) > 1 else float("nan")
    print(f"{len(latencies) / elapsed:.1f} {p99:.2f} {len(errors)}")


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], float(sys.argv[2]), int(sys.argv[3])))
