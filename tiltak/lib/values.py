"""The domain's rules for single values — slugs, measure numbers, links, lengths — defined once.

No Django here, so the importer's core and the report format use the same rules as the models, forms, API and
admin (``tiltak.plans.validation`` gives them Django's ValidationError and messages in the person's language).
Problems are returned as short English phrases (the importer's one-line messages are English); None means fine.

Limits, in characters (Unicode code points after NFC, see tiltak.lib.text):

============================  =======
plan slug                          80
plan title, English title         300
round slug                         40
round label                       200
round title                       300
round introduction             20 000
measure number                     20
measure title                     500
measure plan text              20 000
narrative (status text)        20 000
comment, reason                 5 000
a link                            500
links per entry                    20
ministry abbreviation              20
ministry name, scale name         200
status label, grade name          100
grade description               5 000
data-quality note: code            60
data-quality note: message      2 000
user name                         150
measures in one bulk request    1 000
account log: detail               500
============================  =======

Forms, the API's schemas, the actions and the model fields take their limits from here; nowhere else states one.
"""

import re

from tiltak.lib import text
from tiltak.lib.text import length, line_problem, text_problem

PLAN_SLUG = 80
PLAN_TITLE = 300
ROUND_SLUG = 40
ROUND_LABEL = 200
ROUND_TITLE = 300
LONG_TEXT = 20_000  # narrative, plan text, introduction
MEASURE_NUMBER = 20
MEASURE_TITLE = 500
COMMENT = 5_000
LINK = 500
LINKS = 20
ABBREVIATION = 20
STATUS_LABEL = 100
GRADE_NAME = STATUS_LABEL  # a grade's name is also its first label
GRADE_DESCRIPTION = COMMENT
MINISTRY_NAME = 200
SCALE_NAME = 200
SCALE_SLUG = PLAN_SLUG  # a plan's own scale is named after the plan
NOTE_CODE = 60
NOTE_MESSAGE = 2_000
BULK_NUMBERS = 1_000
ACCOUNT_LOG_DETAIL = 500  # the account log's line of detail
# A plan's period: years from … to.
FIRST_YEAR, LAST_YEAR = 1900, 2200

# Lower-case ASCII letters, digits, hyphens and underscores, starting with a letter or digit: what a URL's
# <slug:…> part matches, so every stored slug can be linked to.
SLUG_PATTERN = r"[a-z0-9][a-z0-9_-]*"
SLUG = re.compile(SLUG_PATTERN)
# «1», «3.2», «1a», «IV-2»: ASCII letters and digits, parts joined by «.», «-» or «_». No «/», blanks or «?»,
# so every measure has an address.
NUMBER_PATTERN = r"[0-9A-Za-z]+(?:[._-][0-9A-Za-z]+)*"
NUMBER = re.compile(NUMBER_PATTERN)
# A fill-in form's conflicts settled with the form's text: «10:3,12:5», each row's number and the entry's version
# the sender saw (tiltak.forms_xlsx.upload.overwrite_choices reads it).
OVERWRITE_PATTERN = rf"{NUMBER_PATTERN}:[1-9][0-9]*(?:,{NUMBER_PATTERN}:[1-9][0-9]*)*"
# Short enough to stay inside the request line tiltak takes (8 KiB, tiltak.middleware) even when every character is
# percent-encoded (up to 12 bytes each): a longer list is refused as too long (422), not as an address too long
# (414). Some fifty conflicts at once; more take a second upload.
OVERWRITE_CHOICES = 500
# What link_problem accepts, as one regular expression for the API's description too (JSON Schema patterns have no
# flags, so the schemes' letters are spelled in both cases): http(s) with a host, or mailto with an address; no white
# space, control or other character text normalising drops (tiltak.lib.text), spelt out rather than as \\S, which
# means another thing in ECMAScript than in Python.
_LINK_CHAR = text.VISIBLE
_HOST_CHAR = text.char_class(text.NUL_RANGE, text.WHITE_SPACE, text.DROPPED, [(0x23, 0x23), (0x2F, 0x2F), (0x3F, 0x3F)],
                             negated=True)  # and not # / ?
_ADDRESS_CHAR = text.char_class(text.NUL_RANGE, text.WHITE_SPACE, text.DROPPED, [(0x23, 0x23), (0x3F, 0x3F)],
                                negated=True)  # and not # ?
LINK_PATTERN = f"(?:[hH][tT][tT][pP][sS]?://{_HOST_CHAR}+|[mM][aA][iI][lL][tT][oO]:{_ADDRESS_CHAR}){_LINK_CHAR}*"
_LINK = re.compile(LINK_PATTERN)
_NOT_LINK_CHAR = re.compile(text.char_class(text.NUL_RANGE, text.WHITE_SPACE, text.DROPPED))
ABBREVIATION_PATTERN = re.compile(r"[A-ZÆØÅa-zæøå0-9]+(?:[-.][A-ZÆØÅa-zæøå0-9]+)*")
LINK_SCHEMES = ("http", "https", "mailto")
# Lower-case ASCII letters, digits and . - _ @: what a person can type on any keyboard, the same on every way in
# (the people pages, `tiltak user add`, restore). Django's own rule would take «Åse+X» too.
USERNAME = 150
USERNAME_PATTERN = re.compile(r"[a-z0-9.@_-]+")


def too_long(text: str, limit: int) -> str | None:
    size = length(text)
    if size > limit:
        return f"is {size:,} characters long; at most {limit:,} are allowed".replace(",", " ")
    return None


def text_value_problem(text, limit: int) -> str | None:
    if not isinstance(text, str):
        return f"must be text, not {_type_name(text)}"
    return text_problem(text) or too_long(text, limit)


def line_value_problem(text, limit: int) -> str | None:
    if not isinstance(text, str):
        return f"must be text, not {_type_name(text)}"
    return line_problem(text) or too_long(text, limit)


def slug_problem(slug, limit: int) -> str | None:
    problem = line_value_problem(slug, limit)
    if problem:
        return problem
    if not SLUG.fullmatch(slug):
        return (f"{slug[:60]!r} is not a slug: use lower-case letters a–z, digits, hyphens and underscores, "
                f"starting with a letter or digit")
    return None


def number_problem(number) -> str | None:
    problem = line_value_problem(number, MEASURE_NUMBER)
    if problem:
        return problem
    if not NUMBER.fullmatch(number):
        return (f"{number[:40]!r} is not a measure number: use letters a–z and digits, parts joined by «.», «-» "
                f"or «_» (like 3, 3.2 or 1a)")
    return None


def username_problem(username) -> str | None:
    if not isinstance(username, str):
        return f"must be text, not {_type_name(username)}"
    if not 0 < len(username) <= USERNAME or not USERNAME_PATTERN.fullmatch(username):
        return f"{username[:40]!r} is not a user name (1–{USERNAME} of a–z, 0–9 and . - _ @)"
    return None


def abbreviation_problem(abbreviation) -> str | None:
    problem = line_value_problem(abbreviation, ABBREVIATION)
    if problem:
        return problem
    if not ABBREVIATION_PATTERN.fullmatch(abbreviation):
        return f"{abbreviation[:40]!r} is not a ministry abbreviation (letters and digits, like JD or KMD)"
    return None


def link_problem(link) -> str | None:
    """A link may be stored if it is one http, https or mailto address of sane length, in normal form (no white
    space or control character in it: ``tiltak.plans.validation.clean_links`` normalises before it checks)."""
    problem = line_value_problem(link, LINK)
    if problem:
        return problem
    if not link:
        return "is empty"
    if _LINK.fullmatch(link):
        return None
    if _NOT_LINK_CHAR.search(link):
        return f"{link[:80]!r} contains a blank or a control character"
    scheme = link.split(":", 1)[0].lower()
    if scheme not in LINK_SCHEMES:
        return f"{link[:80]!r} is not an http, https or mailto address"
    if scheme == "mailto":
        return f"{link[:80]!r} has no e-mail address"
    return f"{link[:80]!r} has no host name"


def normalise_link(link):
    """A link as it is stored: in the normal form of a one-line text (anything else is returned as it is)."""
    return text.normalise_line(link) if isinstance(link, str) else link


def safe_link(url) -> str | None:
    """``url`` if it may be made clickable, else None: what every page and document renders as a link."""
    url = normalise_link(url)
    return url if isinstance(url, str) and link_problem(url) is None else None


def _type_name(value) -> str:
    return {bool: "true/false", int: "a number", float: "a number", list: "a list", dict: "an object",
            type(None): "null"}.get(type(value), type(value).__name__)
