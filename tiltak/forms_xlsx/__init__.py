"""Fill-in forms: a ministry's measures of an open round as an XLSX to fill in offline, and the filled form back in.

- :mod:`.reader` reads an uploaded file (no Django; it runs in a child process with limits, :mod:`.sandbox`);
- :mod:`.layout` the form's sheets, columns and words; :mod:`.writer` makes the form; :mod:`.upload` checks a
  read form is ours (signed metadata, sheets, header, rows) and hands its rows to the action
  (tiltak.plans.actions.forms), which applies the entry page's rules and permissions.
"""
