"""What every route of the engine's HTTP API shares: its problems, its answers' declarations,
its version and its OpenAPI document."""
