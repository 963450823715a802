"""Report JSON, ``"format": "tiltak.report/1"`` — its one definition.

``document`` writes it (the importer's ``tiltak parse`` and the JSON renderer call it), ``check`` reads it (the
importer and the import action call it): every key, its type, its limit and the normal form of its text, in one
table. No Django here.

``check`` returns a new document in normal form (text normalised as tiltak.lib.text says) or raises
:class:`ReportFormatError` with one line saying what is wrong and where (``measures[3].title: must be text, not
a number``). Keys it does not know are kept out of the result, so nothing unchecked gets further. Besides ``plan``,
``report``, ``measures`` and ``warnings`` a document may say its ``kind`` («plan» for a plan's list of measures),
its ``language`` («nb», «nn») and what the parser was ``uncertain`` of (warnings); ``restorations`` and a
rendered report's ``corrections`` are carried but not read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tiltak.lib import values
from tiltak.lib.text import normalise_line, normalise_text

FORMAT = "tiltak.report/1"
MAX_MEASURES = 2_000
MAX_WARNINGS = 10_000
MAX_SCALE = 20
MAX_RESTORATIONS = 100_000
WARNING_CODE = 60
WARNING_MESSAGE = 2_000
# «report»: a status report (a round); «plan»: a plan's own list of measures, no round (the default: report)
KINDS = ("report", "plan")
# The written language of the plan's texts: bokmål or nynorsk.
LANGUAGES = ("nb", "nn")


class ReportFormatError(ValueError):
    """The document is not report JSON tiltak can take; the message is one line saying what and where."""


@dataclass(frozen=True)
class Key:
    kind: str  # line, text, slug, number, abbreviation, link, year, line-or-null, list-of-<kind>
    limit: int = 0
    required: bool = False
    items: int = 0  # the most items of a list


PLAN = {
    "slug": Key("slug", values.PLAN_SLUG),
    "title": Key("line", values.PLAN_TITLE, required=True),
    "title_en": Key("line", values.PLAN_TITLE),
    "period": Key("list-of-year", items=2),
    "coordinator": Key("abbreviation-or-null"),
}
REPORT = {
    "slug": Key("slug", values.ROUND_SLUG),
    "title": Key("line", values.ROUND_TITLE),
    "label": Key("line", values.ROUND_LABEL),
    "as_of": Key("line-or-null", 10),
    "introduction": Key("text", values.LONG_TEXT),
    "status_scale": Key("list-of-line", values.STATUS_LABEL, items=MAX_SCALE),
}
MEASURE = {
    "number": Key("number", required=True),
    "title": Key("line", values.MEASURE_TITLE, required=True),
    "responsible": Key("list-of-abbreviation", items=values.LINKS),
    "status": Key("line-or-null", values.STATUS_LABEL),
    "status_overview": Key("line-or-null", values.STATUS_LABEL),
    "plan_text": Key("text", values.LONG_TEXT),
    "status_text": Key("text", values.LONG_TEXT),
    "links": Key("list-of-link", items=values.LINKS),
}
WARNING = {
    "measure": Key("line-or-null", values.MEASURE_NUMBER),
    "code": Key("line", WARNING_CODE),
    "message": Key("text", WARNING_MESSAGE),
}


def document(*, plan: dict, report: dict, measures: list[dict], warnings: list[dict] | None = None,
             extra: dict | None = None) -> dict:
    """Report JSON from its parts, keys in the format's order; empty optional values of plan and report are
    left out. ``extra`` (``restorations``, say) is appended as it is."""
    doc = {
        "format": FORMAT,
        "plan": _ordered(plan, PLAN, keep={"title"}),
        "report": _ordered(report, REPORT, keep={"as_of", "status_scale"}),
        "measures": [{name: m.get(name, _empty(key)) for name, key in MEASURE.items()} for m in measures],
        "warnings": [{name: w.get(name) for name in WARNING} for w in warnings or []],
    }
    doc.update(extra or {})
    return doc


def dumps(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def loads(text: str) -> dict:
    """Parse report JSON text; any failure (bad syntax, nesting too deep to parse) is one line."""
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportFormatError(f"not valid JSON ({exc.msg}, line {exc.lineno}, column {exc.colno})") from None
    except RecursionError:
        raise ReportFormatError("the JSON is nested too deeply to be a report") from None
    return doc


def check(doc) -> dict:
    """The document in normal form, or :class:`ReportFormatError` naming the first problem."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise ReportFormatError(f"not a report document: 'format' must be {FORMAT!r}")
    for key in ("plan", "report"):
        if not isinstance(doc.get(key), dict):
            raise ReportFormatError(f"'{key}' must be an object")
    measures = doc.get("measures")
    if not isinstance(measures, list) or not measures:
        raise ReportFormatError("the document holds no measures ('measures' must be a non-empty list)")
    if len(measures) > MAX_MEASURES:
        raise ReportFormatError(f"the document holds {len(measures)} measures; at most {MAX_MEASURES} are allowed")
    warnings = doc.get("warnings") or []
    if not isinstance(warnings, list):
        raise ReportFormatError("'warnings' must be a list")
    if len(warnings) > MAX_WARNINGS:
        raise ReportFormatError(f"the document holds {len(warnings)} warnings; at most {MAX_WARNINGS} are allowed")
    out = {
        "format": FORMAT,
        "plan": _check_object(doc["plan"], PLAN, "plan"),
        "report": _check_object(doc["report"], REPORT, "report"),
        "measures": [],
        "warnings": [],
    }
    period = out["plan"].get("period")
    if period is not None and len(period) not in (0, 2):
        raise ReportFormatError("plan.period: must be two years, like [\"2011\", \"2014\"]")
    seen: set[str] = set()
    for index, measure in enumerate(measures):
        where = f"measures[{index}]"
        if not isinstance(measure, dict):
            raise ReportFormatError(f"{where}: must be an object")
        if isinstance(measure.get("number"), int) and not isinstance(measure.get("number"), bool):
            measure = {**measure, "number": str(measure["number"])}  # a number written as a JSON number
        item = _check_object(measure, MEASURE, where)
        number = item["number"]
        if number in seen:
            raise ReportFormatError(f"measure {number}: the number occurs twice")
        seen.add(number)
        if len(set(item.get("responsible", []))) != len(item.get("responsible", [])):
            raise ReportFormatError(f"measure {number}: a ministry is named twice in 'responsible'")
        out["measures"].append(item)
    for index, warning in enumerate(warnings):
        if not isinstance(warning, dict):
            raise ReportFormatError(f"warnings[{index}]: must be an object")
        if isinstance(warning.get("measure"), int) and not isinstance(warning.get("measure"), bool):
            warning = {**warning, "measure": str(warning["measure"])}
        out["warnings"].append(_check_object(warning, WARNING, f"warnings[{index}]"))
    kind = doc.get("kind", "report")
    if kind not in KINDS:
        raise ReportFormatError(f"kind: must be one of {', '.join(KINDS)}, not {str(kind)[:20]!r}")
    if kind != "report":
        out["kind"] = kind
    if doc.get("language") is not None:
        if doc["language"] not in LANGUAGES:
            wrong = str(doc["language"])[:20]
            raise ReportFormatError(f"language: must be one of {', '.join(LANGUAGES)}, not {wrong!r}")
        out["language"] = doc["language"]
    uncertain = doc.get("uncertain") or []
    if not isinstance(uncertain, list) or len(uncertain) > MAX_WARNINGS:
        raise ReportFormatError(f"'uncertain' must be a list of at most {MAX_WARNINGS} warnings")
    if uncertain:
        out["uncertain"] = [_check_object(w, WARNING, f"uncertain[{i}]") if isinstance(w, dict) else
                            _not_an_object(f"uncertain[{i}]") for i, w in enumerate(uncertain)]
    restorations = doc.get("restorations")
    if isinstance(restorations, list) and len(restorations) <= MAX_RESTORATIONS:
        out["restorations"] = [r for r in restorations if isinstance(r, dict)]
    return out


def _not_an_object(where: str):
    raise ReportFormatError(f"{where}: must be an object")


def _check_object(obj: dict, keys: dict[str, Key], where: str) -> dict:
    out = {}
    for name, key in keys.items():
        if name not in obj or (obj[name] is None and not key.required):
            if key.required:
                raise ReportFormatError(f"{where}.{name}: is missing")
            continue
        out[name] = _check_value(obj[name], key, f"{where}.{name}")
    return out


def _check_value(value, key: Key, where: str):
    kind = key.kind
    if kind.endswith("-or-null"):
        if value is None:
            return None
        kind = kind.removesuffix("-or-null")
    if kind.startswith("list-of-"):
        if not isinstance(value, list):
            raise ReportFormatError(f"{where}: must be a list")
        if len(value) > key.items:
            raise ReportFormatError(f"{where}: holds {len(value)} items; at most {key.items} are allowed")
        item_key = Key(kind.removeprefix("list-of-"), key.limit)
        return [_check_value(item, item_key, f"{where}[{i}]") for i, item in enumerate(value)]
    if kind == "year":
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip().isascii() or not value.strip().isdigit() \
                or len(value.strip()) != 4:
            raise ReportFormatError(f"{where}: {str(value)[:20]!r} is not a year like 2014")
        return value.strip()
    if not isinstance(value, str):
        raise ReportFormatError(f"{where}: {values.line_value_problem(value, 0)}")
    text = normalise_text(value) if kind == "text" else normalise_line(value)
    if kind == "text":
        problem = values.text_value_problem(text, key.limit)
        if problem is None and key.required and not text:
            problem = "is empty"
    elif kind == "slug":
        problem = values.slug_problem(text, key.limit) if text else None
    elif kind == "number":
        problem = values.number_problem(text) if text else "is empty"
    elif kind == "abbreviation":
        problem = values.abbreviation_problem(text) if text else None
    elif kind == "link":
        problem = values.link_problem(text)
    else:
        problem = values.line_value_problem(text, key.limit)
        if problem is None and key.required and not text:
            problem = "is empty"
    if problem:
        raise ReportFormatError(f"{where}: {problem}")
    return text


def _ordered(values_: dict, keys: dict[str, Key], *, keep: set[str]) -> dict:
    return {name: values_[name] for name in keys if name in values_ and (name in keep or values_[name])}


def _empty(key: Key):
    if key.kind.startswith("list-of-"):
        return []
    if key.kind.endswith("-or-null"):
        return None
    return ""
