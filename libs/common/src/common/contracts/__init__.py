"""The event catalog. Importing this package enters every contract into CATALOG."""

from common.contracts import meetings, notifications, registry, roadmap
from common.contracts.catalog import (
    CATALOG,
    EventCatalog,
    EventContract,
    EventData,
    EventMetadata,
    UnknownEventType,
    make_event,
    source_of,
)

__all__ = [
    "CATALOG",
    "EventCatalog",
    "EventContract",
    "EventData",
    "EventMetadata",
    "UnknownEventType",
    "make_event",
    "meetings",
    "notifications",
    "registry",
    "roadmap",
    "source_of",
]
