"""Demo accounts for a first look: a coordinator and a reporter for each ministry of the plans in the database.

Made only on a fresh install (no user yet), never under production settings (TILTAK_DEBUG off and TILTAK_SECURE
on). The generated passwords go to a file in the data directory (readable by its owner only) and are returned
once for printing.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from tiltak.plans.models import Ministry, Responsibility, Role
from tiltak.web.accounts import generate_password

FILE_NAME = "demo-accounts.txt"


def is_production() -> bool:
    return not settings.DEBUG and settings.SECURE


@transaction.atomic
def create_demo_accounts(data_dir: Path) -> list[str] | None:
    """Create the accounts and return the lines to print, or None when it is not the time for demo accounts."""
    User = get_user_model()
    target = Path(data_dir) / FILE_NAME
    if is_production() or User.objects.exists() or target.exists():
        return None
    abbreviations = sorted(set(Responsibility.objects.values_list("ministry__abbreviation", flat=True)))
    people = [("koordinator", Role.Kind.COORDINATOR, None)]
    people += [(f"rapportor-{a.lower()}", Role.Kind.REPORTER, a) for a in abbreviations]
    lines = ["Demo accounts (made once, on an empty database; not for production):"]
    for username, kind, abbreviation in people:
        password = generate_password()
        user = User.objects.create_user(username=username, password=password)
        Role.objects.create(user=user, kind=kind,
                            ministry=Ministry.objects.by_abbreviation(abbreviation) if abbreviation else None)
        lines.append(f"  {username:<18} {password}  ({kind}{f' for {abbreviation}' if abbreviation else ''})")
    lines.append(f"Sign in at /arbeid/. These lines are also in {target}.")
    target.touch(mode=0o600)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines
