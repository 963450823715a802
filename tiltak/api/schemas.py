"""What the API reads and writes. Field names are the contract in issue 5; keep them stable."""

import datetime
from typing import Annotated

from ninja import Field, Schema

from tiltak.lib import values
from tiltak.plans.actions.bulk import MAX_NUMBERS
from tiltak.plans.actions.entries import MAX_COMMENT, MAX_LINK_LENGTH, MAX_LINKS, MAX_NARRATIVE

# The server's own input rules, stated in the OpenAPI description and enforced by these schemas (422 when broken).
SLUG = f"^{values.SLUG_PATTERN}$"
ONE_LINE = r"^[^\r\n\x00]*\S[^\r\n\x00]*$"  # some text, on one line (it goes into e-mail subjects)
NO_NUL = r"^[^\x00]*$"
LINK = f"^{values.LINK_PATTERN}$"
MEASURE_NUMBER = f"^{values.NUMBER_PATTERN}$"
Slug = Annotated[str, Field(min_length=1, max_length=values.ROUND_SLUG, pattern=SLUG,
                            description="Lower-case letters a–z, digits, hyphens and underscores, like `2013-02`.")]
Number = Annotated[str, Field(min_length=1, max_length=values.MEASURE_NUMBER, pattern=MEASURE_NUMBER)]
Link = Annotated[str, Field(min_length=1, max_length=MAX_LINK_LENGTH, pattern=LINK,
                            description="An http:// or https:// address with a host name, or a mailto: address.")]


class PlanOut(Schema):
    slug: str
    title: str
    title_en: str
    period: list[str]
    coordinator: str | None
    status_scale: list[str]


class RoundOut(Schema):
    slug: str
    label: str
    as_of: datetime.date
    deadline: datetime.date | None
    state: str
    published_at: datetime.datetime | None


class RoundIn(Schema):
    slug: Slug
    label: str = Field(max_length=200, pattern=ONE_LINE, description="One line, like «Status per februar 2013».")
    as_of: datetime.date
    deadline: datetime.date | None = None


class EntryOut(Schema):
    number: str
    title: str
    responsible: list[str]
    status: str | None
    grade: str | None
    meaning: str | None
    narrative: str
    links: list[str]
    state: str
    unchanged: bool
    version: int
    review_comment: str
    updated_at: datetime.datetime


class EntryIn(Schema):
    status: str | None = Field(max_length=100, description=(
        "One of the labels of the plan's status scale (`status_scale` in GET /plans; case does not matter), "
        "or null for none yet. Another text is refused with 422 and the allowed labels in `allowed`."))
    narrative: str = Field(max_length=MAX_NARRATIVE, pattern=NO_NUL, description="Markdown; paragraphs separated "
                           "by a blank line.")
    version: int = Field(ge=0, le=2**31 - 1, description="The `version` you read; 409 if it is no longer current.")
    links: list[Link] | None = Field(None, max_length=MAX_LINKS, description="Left out or null: kept as they are.")
    reason: str = Field("", max_length=MAX_COMMENT, pattern=NO_NUL, description=(
        "Required (non-blank) when the coordinator corrects an entry of a published round: kept in the history. "
        "Left out otherwise."))


class ReturnIn(Schema):
    comment: str = Field(max_length=MAX_COMMENT, pattern=NO_NUL, description="What the ministry should change.")


class BulkIn(Schema):
    numbers: list[Number] = Field(
        min_length=1, max_length=MAX_NUMBERS, description="Measure numbers of the round, like `3.2`.")
    # Submit only: first confirm a carried-forward entry as still true («uendret»), as «Mine tiltak» does.
    confirm_unchanged: bool = False


class BulkItemOut(Schema):
    number: str
    done: bool
    state: str
    version: int
    detail: str


class BulkOut(Schema):
    done: int
    not_done: int
    results: list[BulkItemOut]


class FieldError(Schema):
    field: str = Field(description="The field at fault, empty for the request as a whole.")
    message: str


class ErrorOut(Schema):
    """Every refusal: 401, 403, 404, 405, 409, 413, 422, 500."""

    detail: str = Field(description="What is wrong, in words a person can act on (Norwegian).")
    errors: list[FieldError] | None = Field(None, description="422: one per field at fault.")
    allowed: list[str] | None = Field(None, description="422 for an unknown status: the scale's labels.")
    numbers: list[str] | None = Field(None, description="422 for a bulk request: the numbers at fault.")
    not_approved: list[str] | None = Field(None, description="409 on publishing: the entries not yet approved.")
    current: EntryOut | None = Field(None, description="409 for a stale `version`: the entry as it now is.")


class FormRowOut(Schema):
    """One row of a filled-in form: what happened to it (or would, in a dry run)."""

    number: str
    kind: str = Field(description="`unchanged`, `changed`, `refused` or `conflict`")
    detail: str = Field(description="Why a row was refused or is in conflict, in words")
    status_before: str
    status_after: str
    narrative_before: str
    narrative_after: str
    links_before: list[str]
    links_after: list[str]
    submitted: bool
    version: int


class FormResultOut(Schema):
    ministry: str
    stored: bool = Field(description="false for a dry run")
    counts: dict[str, int]
    rows: list[FormRowOut]
