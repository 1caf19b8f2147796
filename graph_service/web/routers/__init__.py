"""HTTP API of bildungsgraph: one router module per concern, wired in main.py."""
