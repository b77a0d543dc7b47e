"""The rules catalogue over HTTP: list, read, validate and simulate rules."""
