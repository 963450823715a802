"""The form's hidden metadata: which plan, round and ministry it is for, and each entry's version and content
when the form was made. Signed with the site's secret key, so a form whose metadata was changed is refused."""

import json
from dataclasses import dataclass

from django.core import signing

SALT = "tiltak.forms_xlsx.metadata"


@dataclass(frozen=True)
class EntryMark:
    number: str
    version: int
    digest: str
    role: str  # lead | contribution


@dataclass(frozen=True)
class Metadata:
    format: str
    plan: str
    round: str
    ministry: str
    language: str
    exported_at: str
    entries: tuple[EntryMark, ...]

    def _payload(self) -> str:
        return json.dumps([self.format, self.plan, self.round, self.ministry, self.language, self.exported_at,
                           [[e.number, e.version, e.digest, e.role] for e in self.entries]],
                          ensure_ascii=False, separators=(",", ":"))

    def signature(self) -> str:
        return signing.Signer(salt=SALT).signature(self._payload())

    def signed_by_us(self, signature: str) -> bool:
        return signing.constant_time_compare(self.signature(), signature or "")
