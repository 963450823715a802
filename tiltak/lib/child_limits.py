"""The limits a child process puts on itself before it reads a document or lays out a report: the importer's parse,
the fill-in form's reading and Typst's layout each run in a child that calls this first, so one hostile or huge input
costs at most its limits and never the server."""

import resource


def limit_this_process(*, memory_bytes: int, cpu_seconds: int, cpu_grace_seconds: int = 1) -> None:
    """No core file; at most ``memory_bytes`` of address space (an allocation past it fails); ``cpu_seconds`` of
    processor time (SIGXCPU), then SIGKILL ``cpu_grace_seconds`` later."""
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + cpu_grace_seconds))


def peak_rss_kib() -> int:
    """This process's peak resident memory since it started, in KiB. Read from VmHWM: getrusage's ru_maxrss
    carries the parent's peak over the fork and exec, so a child of a large test process or server would report
    that process's size, not its own."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
