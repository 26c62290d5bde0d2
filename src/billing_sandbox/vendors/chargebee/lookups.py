"""Records a request names, found as Chargebee finds them: a deleted one is not found."""

from __future__ import annotations

from billing_sandbox.core import Books, is_deleted

from .errors import not_found, wrong_value


def live(books: Books, kind: str, record_id: object, param: str | None = None) -> dict:
    """The record, or 404 resource_not_found naming ``param``."""
    record = books.find(kind, record_id) if isinstance(record_id, str) else None
    if record is None or is_deleted(record):
        raise not_found(kind, record_id, param)
    return record


def rows(value: object) -> list[dict]:
    """Parallel form arrays (``addons[id][0]``, ``addons[quantity][0]``) as rows, or a list
    of rows as sent in JSON."""
    if isinstance(value, list):
        return [row for row in value if isinstance(row, dict)]
    if not isinstance(value, dict):
        return []
    columns = {key: column if isinstance(column, list) else [column]
               for key, column in value.items()}
    height = max((len(column) for column in columns.values()), default=0)
    return [{key: column[index] for key, column in columns.items()
             if index < len(column) and column[index] is not None} for index in range(height)]


def typed(fields: dict, *, integers: tuple[str, ...] = (), flags: tuple[str, ...] = (),
          prefix: str | None = None) -> dict:
    """``fields`` with the API v2 fields the published v1 document does not describe read from
    their text (a form sends ``net_term_days=30``); 400 naming one that is not a number or
    a boolean."""
    converted = dict(fields)
    for name in integers + flags:
        value = converted.get(name)
        if not isinstance(value, str):
            continue
        param = f"{prefix}[{name}]" if prefix else name
        if name in flags:
            if value.lower() not in ("true", "false"):
                raise wrong_value(param, f"must be true or false (received {value!r})")
            converted[name] = value.lower() == "true"
        elif value.lstrip("-").isdigit():
            converted[name] = int(value)
        else:
            raise wrong_value(param, f"must be an integer (received {value!r})")
    return converted
