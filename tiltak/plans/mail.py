"""E-mail in both of the interface's languages.

People have no language of their own in tiltak (the language button is a choice per browser), so a mail is
written in bokmål with the English version below it, the way Norwegian public bodies often write to mixed
audiences. Every text goes through gettext, so the English is the catalogue's, not a second hand-made table.
"""

from collections.abc import Callable, Iterable

from django.core.mail import send_mail, send_mass_mail
from django.utils import translation

ENGLISH_BELOW = "(English below)"
Render = Callable[[str], tuple[str, str]]


def compose(render: Render) -> tuple[str, str]:
    """The subject and body ``render(lang)`` gives in bokmål, then in English."""
    with translation.override("nb"):
        subject_nb, body_nb = render("nb")
    with translation.override("en"):
        subject_en, body_en = render("en")
    return f"{subject_nb} / {subject_en}", f"{ENGLISH_BELOW}\n\n{body_nb.rstrip()}\n\n---\n\n{body_en.rstrip()}\n"


def send(render: Render, recipients: Iterable[str]) -> None:
    """One mail to all ``recipients`` (raises what the mail backend raises: callers log and go on)."""
    subject, body = compose(render)
    send_mail(subject, body, None, list(recipients))


def send_each(render: Render, recipients: Iterable[str]) -> None:
    """The same mail to each recipient on its own (no one sees the others' addresses)."""
    subject, body = compose(render)
    send_mass_mail([(subject, body, None, [address]) for address in recipients])
