"""proactive: an engine for proactive public services."""

__version__ = "0.1.0"
