"""Mail is written in bokmål with the English version below, both through the translation catalogues."""

from django.core import mail as outbox
from django.utils.translation import gettext as _

from tiltak.plans import mail


def render(lang: str) -> tuple[str, str]:
    return _("Ny rapporteringsrunde: %(round)s") % {"round": lang}, _("Se tiltakene dere har ansvar for: %(link)s") % {
        "link": "http://tiltak.example.no/arbeid/"}


def test_a_mail_has_bokmal_first_then_the_catalogues_english():
    subject, body = mail.compose(render)
    assert subject == "Ny rapporteringsrunde: nb / New reporting round: en"
    nb_part, en_part = body.split("\n---\n")
    assert "Se tiltakene dere har ansvar for: http://tiltak.example.no/arbeid/" in nb_part
    assert "See the measures you are responsible for: http://tiltak.example.no/arbeid/" in en_part
    assert body.startswith(mail.ENGLISH_BELOW)


def test_send_each_gives_every_recipient_a_mail_of_their_own(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.send_each(render, ["a@example.no", "b@example.no"])
    assert [m.to for m in outbox.outbox] == [["a@example.no"], ["b@example.no"]]
    assert all(m.subject.endswith("New reporting round: en") for m in outbox.outbox)
