"""Every write that changes the register goes through a function here: keyword-only, transactional, audited.

One module per kind of object (Zulip's zerver/actions); this package re-exports the public functions.
"""

from tiltak.plans.actions.entries import (
    EntryConflict,
    StaleVersion,
    approve_entry,
    return_entry,
    submit_entry,
    update_entry,
)
from tiltak.plans.actions.history import record_version
from tiltak.plans.actions.imports import ImportRejected, ImportResult, import_report
from tiltak.plans.actions.rounds import RoundNotReady, open_round, publish_round

__all__ = [
    "EntryConflict",
    "ImportRejected",
    "ImportResult",
    "RoundNotReady",
    "StaleVersion",
    "approve_entry",
    "import_report",
    "open_round",
    "publish_round",
    "record_version",
    "return_entry",
    "submit_entry",
    "update_entry",
]
