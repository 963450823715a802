"""Every write that changes the register goes through a function here: keyword-only, transactional, audited.

One module per kind of object (Zulip's zerver/actions); this package re-exports the public functions.
"""

from tiltak.plans.actions.bulk import BulkOutcome, BulkRejected, approve_entries, submit_entries
from tiltak.plans.actions.entries import (
    EntryConflict,
    StaleVersion,
    approve_entry,
    return_entry,
    save_and_submit,
    submit_entry,
    update_entry,
)
from tiltak.plans.actions.history import record_version
from tiltak.plans.actions.imports import SYSTEM, ImportBusy, ImportRejected, ImportResult, import_report
from tiltak.plans.actions.rounds import RoundNotReady, edit_round_text, open_round, publish_round

__all__ = [
    "SYSTEM",
    "BulkOutcome",
    "BulkRejected",
    "EntryConflict",
    "ImportBusy",
    "ImportRejected",
    "ImportResult",
    "RoundNotReady",
    "StaleVersion",
    "approve_entries",
    "approve_entry",
    "edit_round_text",
    "import_report",
    "open_round",
    "publish_round",
    "record_version",
    "return_entry",
    "save_and_submit",
    "submit_entries",
    "submit_entry",
    "update_entry",
]
