"""What the API reads and writes. Field names are the contract in issue 5; keep them stable."""

import datetime

from ninja import Schema


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
    slug: str
    label: str
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
    # Types are loose on purpose: the action checks lengths and links and says what is wrong in Norwegian.
    status: str | None
    narrative: str
    version: int
    links: list[str] | None = None
    reason: str = ""


class ReturnIn(Schema):
    comment: str


class BulkIn(Schema):
    numbers: list[str]
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
