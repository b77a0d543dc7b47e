"""The embedded demo: the one-process assembly, simulated citizens and officials, the demo's
daytime start, the presenter's stories and the scenario switch. Production code never imports
this package."""
