"""Demo accounts for a first look: a coordinator and a reporter for each ministry of the plans in the database.

Made only on a fresh install (no user yet), never under production settings (TILTAK_DEBUG off and TILTAK_SECURE
on). The generated passwords go to a file in the data directory (readable by its owner only) and are returned
once for printing.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from tiltak.plans.actions import accounts
from tiltak.plans.models import Ministry, Responsibility, Role
from tiltak.web.accounts import generate_password

FILE_NAME = "demo-accounts.txt"
# A reserved name (RFC 2606): no mail to a demo account ever leaves the machine for a real inbox.
DEMO_MAIL_DOMAIN = "demo.tiltak.invalid"


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
        # Through the same action as every account (recorded in the account log), with an address so that
        # «Glemt passord?» works for them too (with no TILTAK_EMAIL_HOST the e-mail is printed on the console).
        accounts.create_account(username=username, email=f"{username}@{DEMO_MAIL_DOMAIN}", kind=kind,
                                ministry=Ministry.objects.by_abbreviation(abbreviation) if abbreviation else None,
                                password=password, send_link=False, acting_user=None)
        lines.append(f"  {username:<18} {password}  ({kind}{f' for {abbreviation}' if abbreviation else ''}; "
                     f"{username}@{DEMO_MAIL_DOMAIN})")
    lines.append(f"Sign in at /arbeid/. These lines are also in {target}.")
    target.touch(mode=0o600)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return lines
