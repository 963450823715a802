"""``tiltak form export`` and ``tiltak form import``: the fill-in forms on the command line."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from tiltak.forms_xlsx import writer
from tiltak.forms_xlsx.upload import FormRefused, overwrite_choices, read_upload
from tiltak.plans.actions.forms import FormRejected, apply_form
from tiltak.plans.models import Round


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


class Command(BaseCommand):
    help = "Fill-in forms: export a ministry's form (or a ZIP of all) for an open round; import a filled-in form."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        export = sub.add_parser("export", help="Write a ministry's XLSX form, or a ZIP of every ministry's.")
        export.add_argument("--plan", required=True)
        export.add_argument("--round", required=True)
        export.add_argument("--ministry", help="the ministry (abbreviation, as JD); left out: a ZIP of all")
        export.add_argument("--lang", choices=["nb", "en"], default="nb")
        export.add_argument("-o", "--output", required=True, type=Path)
        take = sub.add_parser("import", help="Read a filled-in form and store it as the user would on the web.")
        take.add_argument("file", type=Path)
        take.add_argument("--as", dest="user", required=True, help="the user the form comes from")
        take.add_argument("--submit", action="store_true", help="send the entries in, not only save drafts")
        take.add_argument("--dry-run", action="store_true", help="show what would change, store nothing")
        take.add_argument("--overwrite", default="", metavar="NUMBER:VERSION,…",
                          help="store the form's text over a conflict: each row's number and the entry's version "
                               "that the dry run's conflict line names, as 10:3,12:5")

    def handle(self, *args, **options):
        translation.activate("nb")
        return getattr(self, f"_{options['subcommand']}")(options)

    def _export(self, options):
        the_round = Round.objects.select_related("plan").filter(plan__slug=options["plan"],
                                                                slug=options["round"]).first()
        if the_round is None:
            raise _fail(f"no round {options['round']!r} in plan {options['plan']!r}")
        if the_round.state != Round.State.OPEN:
            raise _fail(f"round {the_round.slug!r} is not open for reporting (state: {the_round.state})")
        ministry = (options["ministry"] or "").strip()
        if ministry and ministry not in writer.ministries_of(the_round):
            known = ", ".join(writer.ministries_of(the_round))
            raise _fail(f"--ministry: {ministry!r} reports on no measure in this round (those who do: {known})")
        data = (writer.build_form(the_round, ministry, lang=options["lang"]) if ministry
                else writer.build_zip(the_round, lang=options["lang"]))
        try:
            options["output"].write_bytes(data)
        except OSError as exc:
            raise _fail(f"-o {str(options['output'])!r}: {exc.strerror}") from None
        self.stdout.write(f"wrote {options['output']} ({len(data)} bytes)")

    def _import(self, options):
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise _fail(f"--as: no active user named {options['user']!r}")
        try:
            data = options["file"].read_bytes()
        except OSError as exc:
            raise _fail(f"{str(options['file'])!r}: {exc.strerror}") from None
        try:
            overwrite = overwrite_choices(options["overwrite"])
            form = read_upload(data)
            result = apply_form(the_round=form.the_round, ministry=form.ministry, rows=form.rows, acting_user=user,
                                submit=options["submit"], dry_run=options["dry_run"], overwrite=overwrite)
        except (FormRefused, FormRejected, PermissionDenied) as exc:
            raise _fail(f"{options['file']}: {exc}") from None
        for row in result.rows:
            what = {"unchanged": "unchanged", "changed": "changed", "refused": "refused", "conflict": "conflict"}
            sent = " (submitted)" if row.submitted and row.kind in ("changed", "unchanged") else ""
            detail = f": {row.detail}" if row.detail else ""
            if row.kind == "conflict":
                detail += f" (--overwrite {row.number}:{row.version} stores the form's text)"
            self.stdout.write(f"{row.number}\t{what[row.kind]}{sent}{detail}")
        counts = ", ".join(f"{result.count(kind)} {kind}" for kind in ("changed", "unchanged", "refused", "conflict"))
        self.stdout.write(("dry run, nothing stored: " if options["dry_run"] else "") + counts)
        if result.count("refused") or result.count("conflict"):
            self.stderr.write(f"{result.count('refused') + result.count('conflict')} row(s) not stored")
