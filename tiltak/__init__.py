"""tiltak: status reporting for government action plans."""

__version__ = "0.1.0"
