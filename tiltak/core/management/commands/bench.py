import json

from django.core.management.base import BaseCommand, CommandError

from tiltak.bench.measures import BENCHMARKS, ON_REQUEST, OPTIONS
from tiltak.plans.lookup import NotFound


class Command(BaseCommand):
    help = "Measure parsing, rendering and accuracy against their targets (medians of repeated runs)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="write the figures as JSON")
        parser.add_argument("--runs", type=int, default=5, help="timed runs per figure (the median is kept)")
        parser.add_argument("--large-measures", type=int, default=500, help="measures in the large PDF's round")
        parser.add_argument("--http-seconds", type=float, default=10.0, help="seconds of load per page")
        parser.add_argument("--only", choices=sorted(BENCHMARKS), action="append", help="run only these groups")

    def handle(self, *args, **options):
        if options["runs"] < 1:
            raise CommandError("--runs must be at least 1", returncode=2)
        if options["large_measures"] < 1 or not 0 < options["http_seconds"] <= 600:
            raise CommandError("--large-measures must be at least 1 and --http-seconds 0–600", returncode=2)
        OPTIONS.update(large_measures=options["large_measures"], http_seconds=options["http_seconds"])
        figures = []
        try:
            for name in options["only"] or [b for b in BENCHMARKS if b not in ON_REQUEST]:
                figures.extend(BENCHMARKS[name](options["runs"]))
        except NotFound as exc:
            raise CommandError(f"{exc} (the benchmark needs the built-in plan: run 'tiltak init')",
                               returncode=2) from None
        if options["json"]:
            # One object: the named figures at the top level (issue 13's keys), every figure in "figures".
            result = {f.key: f.value for f in figures if f.key}
            result["figures"] = [f.as_dict() for f in figures]
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for figure in figures:
            target = ""
            if figure.target is not None and figure.value is not None:
                sign = "≥" if figure.higher_is_better else "≤"
                target = f"  (target {sign} {figure.target:g}{figure.unit}: {'met' if figure.met else 'NOT MET'})"
            cpu = f" (CPU {figure.cpu:.3f}s)" if figure.cpu is not None else ""
            value = "—" if figure.value is None else f"{figure.value:.3f}{figure.unit}"
            self.stdout.write(f"{figure.name}: {value}{cpu}{target}")
