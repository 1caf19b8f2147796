"""bildungsgraph: knowledge graph of a county's education landscape."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("bildungsgraph")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"
