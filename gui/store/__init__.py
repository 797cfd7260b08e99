"""The profile's local store (plain Python, no Qt): see ``gui.store.db``."""
from gui.store.db import (SCHEMA_VERSION, SentMessage, Store, StoredReply, StoredReport, StoreError,
                          beijing_timestamp, store_path)

__all__ = ["SCHEMA_VERSION", "SentMessage", "Store", "StoredReply", "StoredReport", "StoreError",
           "beijing_timestamp", "store_path"]
