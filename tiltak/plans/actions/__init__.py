"""Every write that changes the register goes through a function here: keyword-only, transactional, audited.

One module per kind of object (Zulip's zerver/actions); this package re-exports the public functions.
"""

from tiltak.plans.actions.history import record_version
from tiltak.plans.actions.imports import ImportRejected, ImportResult, import_report

__all__ = ["ImportRejected", "ImportResult", "import_report", "record_version"]
