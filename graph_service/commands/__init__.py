"""CLI command modules; each defines ``register(app)`` and is listed in graph_service.cli.COMMAND_MODULES."""
