from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from tiltak.plans.actions import accounts
from tiltak.plans.models import Ministry, Plan, Role
from tiltak.web.accounts import generate_password


def _fail(message: str) -> CommandError:
    return CommandError(message, returncode=2)


def _one_line(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(f"{'password refused' if field == 'password' else field}: {' '.join(errors)}"
                         for field, errors in exc.message_dict.items())
    return " ".join(exc.messages)


class Command(BaseCommand):
    help = "Manage people: add a user with a role, print a new API token, revoke a user's tokens."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        add = sub.add_parser("add", help="Create a user (or give an existing one another role).")
        add.add_argument("name")
        add.add_argument("--role", required=True, choices=[k.value for k in Role.Kind])
        add.add_argument("--ministry", help="the ministry a reporter reports for (abbreviation, as JD)")
        add.add_argument("--plan", help="the plan a coordinator coordinates (slug); every plan when left out")
        add.add_argument("--email", default="",
                         help="where password links and deadline reminders go; a new account made without "
                              "--password-file needs one (so «Glemt passord?» can reach it)")
        add.add_argument("--password-file", type=Path,
                         help="read the password from this file (first line); otherwise one is generated and printed")
        token = sub.add_parser("token", help="Print a new API token for the user.")
        token.add_argument("name")
        revoke = sub.add_parser("revoke", help="Revoke every API token the user has.")
        revoke.add_argument("name")

    def handle(self, *args, **options):
        return getattr(self, f"_{options['subcommand']}")(options)

    def _user(self, name: str):
        user = get_user_model().objects.filter(username=name).first()
        if user is None:
            raise _fail(f"no user named {name!r} (create one with: tiltak user add {name} --role …)")
        return user

    def _add(self, options):
        name, role = options["name"].strip(), options["role"]
        if not name or len(name) > 150:
            raise _fail("NAME must be 1–150 characters")
        ministry = plan = None
        if role == Role.Kind.REPORTER:
            if not options["ministry"]:
                raise _fail("--ministry is required for a reporter (e.g. --ministry JD)")
            ministry = Ministry.objects.by_abbreviation(options["ministry"].strip())
            if ministry is None:
                known = ", ".join(sorted(set(Ministry.objects.values_list("abbreviation", flat=True))))
                raise _fail(f"--ministry: unknown ministry {options['ministry']!r} (known: {known})")
        elif options["ministry"]:
            raise _fail("--ministry is only for reporters")
        if options["plan"]:
            if role != Role.Kind.COORDINATOR:
                raise _fail("--plan is only for coordinators")
            plan = Plan.objects.filter(slug=options["plan"]).first()
            if plan is None:
                raise _fail(f"--plan: no plan {options['plan']!r}")
        password, generated = self._password(options["password_file"]), False
        User = get_user_model()
        user = User.objects.filter(username=name).first()
        if password is None and user is None:
            if not options["email"].strip():
                raise _fail("--email is required for a new account without --password-file (so the person can "
                            "get a link to choose a new password)")
            password, generated = generate_password(), True
        # The same actions as the web pages, so the command line is recorded like every other change.
        try:
            with transaction.atomic():
                if user is None:
                    user = accounts.create_account(username=name, email=options["email"], kind=role,
                                                   ministry=ministry, plan=plan, password=password,
                                                   send_link=False, acting_user=None)
                    self.stdout.write(f"created user {user.username}")
                    created = True
                else:
                    if password is not None:
                        accounts.set_password(user=user, password=password, acting_user=None)
                    if options["email"]:
                        accounts.change_email(user=user, email=options["email"], acting_user=None)
                    _role, created = accounts.grant_role(user=user, kind=role, ministry=ministry, plan=plan,
                                                         acting_user=None)
        except ValidationError as exc:
            raise _fail(_one_line(exc)) from None
        where = f" for {ministry.abbreviation}" if ministry else (f" for plan {plan.slug}" if plan else "")
        self.stdout.write(f"{user.username} is {role}{where}" + ("" if created else " (already was)"))
        if generated:
            self.stdout.write(f"password: {password}")

    def _password(self, path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except OSError as exc:
            raise _fail(f"--password-file {str(path)!r}: {exc.strerror}") from None
        except UnicodeDecodeError:
            raise _fail(f"--password-file {str(path)!r}: not UTF-8 text") from None
        if not lines or not lines[0]:
            raise _fail(f"--password-file {str(path)!r}: the first line is empty")
        return lines[0]

    def _token(self, options):
        user = self._user(options["name"])
        if not user.is_active:
            raise _fail(f"user {user.username!r} is deactivated")
        self.stdout.write(accounts.issue_api_token(user=user, acting_user=None))

    def _revoke(self, options):
        count = accounts.revoke_api_tokens(user=self._user(options["name"]), acting_user=None)
        self.stdout.write(f"revoked {count} token{'s' if count != 1 else ''}")
