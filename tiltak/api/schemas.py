"""What the API reads and writes. Field names are the contract in issue 5; keep them stable.

Every rule here is a rule of tiltak.lib.values and tiltak.lib.text (limits, patterns), so what the OpenAPI description
promises is what the server does: a value the description allows is not refused for its form, and a value it does not
allow is refused (422). Numbers and true/false are strict: JSON's 2, not "2", 2.0 or true, where an integer is asked.
"""

import datetime
import re
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator, StrictBool, StrictInt

from tiltak.lib import text, values

SLUG = f"^{values.SLUG_PATTERN}$"
ONE_LINE = text.ONE_LINE_PATTERN  # some text, on one line (it goes into e-mail subjects)
NO_NUL = text.TEXT_PATTERN
SOME_TEXT = text.SOME_TEXT_PATTERN
LINK = f"^{values.LINK_PATTERN}$"
MEASURE_NUMBER = f"^{values.NUMBER_PATTERN}$"
_ISO_DATE = re.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value):
    """A date is the JSON text «2013-02-15», nothing else pydantic would make a date of (a number of seconds, a
    time stamp at midnight)."""
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("not a date like 2013-02-15")
    return datetime.date.fromisoformat(value)


Date = Annotated[datetime.date, BeforeValidator(_iso_date)]
Slug = Annotated[str, Field(min_length=1, max_length=values.ROUND_SLUG, pattern=SLUG,
                            description="Lower-case letters a–z, digits, hyphens and underscores, like `2013-02`.")]
Number = Annotated[str, Field(min_length=1, max_length=values.MEASURE_NUMBER, pattern=MEASURE_NUMBER)]
Link = Annotated[str, Field(min_length=1, max_length=values.LINK, pattern=LINK,
                            description="An http:// or https:// address with a host name, or a mailto: address; "
                                        "no white space or control character.")]


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
    label: str = Field(max_length=values.ROUND_LABEL, pattern=ONE_LINE, description=(
        "One line, like «Status per februar 2013». Blanks and line breaks at either end are stripped."))
    as_of: Date
    deadline: Date | None = None


class EntryOut(Schema):
    number: str = Field(description=(
        "The measure's number as the entry's round has it (as published: a measure renumbered since keeps the "
        "round's number here)."))
    current_number: str = Field(description=(
        "The measure's number in the register now: the number in the entry's address "
        "(`…/entries/{number}`) and in `numbers` of submit and approve. The same as `number` unless the measure "
        "was renumbered after the round."))
    title: str = Field(description="The measure's title as the entry's round has it (as published).")
    responsible: list[str] = Field(description=(
        "The responsible ministries' abbreviations as the entry's round has them, the lead first."))
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
    status: str | None = Field(max_length=values.STATUS_LABEL, pattern=NO_NUL, description=(
        "One of the labels of the plan's status scale (`status_scale` in GET /plans; case does not matter), "
        "or null for none yet. Another text is refused with 422 and the allowed labels in `allowed`."))
    narrative: str = Field(max_length=values.LONG_TEXT, pattern=NO_NUL, description="Markdown; paragraphs separated "
                           "by a blank line.")
    version: StrictInt = Field(ge=0, le=2**31 - 1, description=(
        "The `version` you read (a JSON integer); 409 if it is no longer current."))
    links: list[Link] | None = Field(None, max_length=values.LINKS, description="Left out or null: kept as they are.")
    reason: str = Field("", max_length=values.COMMENT, pattern=NO_NUL, description=(
        "Required (non-blank) when the coordinator corrects an entry of a published round: kept in the history. "
        "Left out otherwise."))


class ReturnIn(Schema):
    comment: str = Field(min_length=1, max_length=values.COMMENT, pattern=SOME_TEXT,
                         description="What the ministry should change: some text, not only blanks.")


class BulkIn(Schema):
    numbers: list[Number] = Field(
        min_length=1, max_length=values.BULK_NUMBERS, description="Measure numbers of the round, like `3.2`.")
    # Submit only: first confirm a carried-forward entry as still true («uendret»), as «Mine tiltak» does.
    confirm_unchanged: StrictBool = False


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
    """Every refusal: 400, 401, 403, 404, 405, 409, 413, 414, 415, 422, 500."""

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
