"""The profile's local store (plain Python, no Qt): see ``gui.store.db``."""

from gui.store.db import (
    IN_DOUBT_CODE,
    SCHEMA_VERSION,
    SETTLED_NOT_SENT_CODE,
    InDoubtMessage,
    SentMessage,
    Store,
    StoreError,
    beijing_timestamp,
    store_path,
)

__all__ = [
    "IN_DOUBT_CODE",
    "SCHEMA_VERSION",
    "SETTLED_NOT_SENT_CODE",
    "InDoubtMessage",
    "SentMessage",
    "Store",
    "StoreError",
    "beijing_timestamp",
    "store_path",
]
