"""The one error the store raises for its own failures (misuse raises ValueError/TypeError)."""


class StoreError(Exception):
    """The store cannot do what was asked: closed, files in use or damaged, disk failing."""
