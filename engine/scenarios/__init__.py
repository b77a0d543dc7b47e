"""Journeys as data: scenario files (a cast, steps at simulated times, expectations) run
against an embedded demo or a running deployment, over HTTP only."""
