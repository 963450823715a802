"""The upload of a filled-in form (tiltak.forms_xlsx): the file, and whether to send the entries in."""

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from tiltak.forms_xlsx.upload import FormRefused, ReadForm, read_upload, require_round
from tiltak.plans.models import Round


class FormUploadForm(forms.Form):
    submit = forms.BooleanField(label=_("Send inn tiltakene etter lagring (der du kan sende inn)"), required=False)
    # Last on purpose: the upload handler skips an oversized file after the fields before it are read.
    form_file = forms.FileField(
        label=_("Utfylt skjema (XLSX)"), required=False,
        error_messages={"empty": _("Filen er tom."), "invalid": _("Det ble ikke sendt noen fil."),
                        "missing": _("Det ble ikke sendt noen fil.")},
    )

    def __init__(self, *args, the_round: Round, max_bytes: int, oversized: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.the_round, self.max_bytes, self.oversized = the_round, max_bytes, oversized
        self.form: ReadForm | None = None
        self.fields["form_file"].help_text = _("Skjemaet du lastet ned her, fylt ut i Excel eller LibreOffice, "
                                               "høyst %(size)s.") % {"size": filesizeformat(max_bytes)}

    def clean_form_file(self):
        upload = self.cleaned_data.get("form_file")
        if self.oversized or (upload is not None and upload.size > self.max_bytes):
            raise forms.ValidationError(_("Filen er for stor. Største tillatte størrelse er %(size)s.")
                                        % {"size": filesizeformat(self.max_bytes)}, code="too_large")
        if upload is None:
            raise forms.ValidationError(_("Velg en fil å laste opp."), code="required")
        try:
            self.form = read_upload(upload.read(self.max_bytes + 1), max_bytes=self.max_bytes)
            require_round(self.form, self.the_round)
        except FormRefused as exc:
            raise forms.ValidationError(str(exc), code="refused") from None
        return upload
