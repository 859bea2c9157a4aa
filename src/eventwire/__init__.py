"""eventwire: sourced, geolocated event data from raw news."""

from eventwire.errors import ConfigError, DataError, EventwireError, InputError, RejectedInput
from eventwire.records import (
    Actor, AnnotatedArticle, Article, Attribution, Claimant, Event, Evidence, Place, Quantity,
    Relation, Time,
)

__version__ = "0.1.0"

__all__ = sorted([
    "Actor", "AnnotatedArticle", "Article", "Attribution", "Claimant", "ConfigError", "DataError",
    "Event", "EventwireError", "Evidence", "InputError", "Place", "Quantity", "RejectedInput",
    "Relation", "Time", "__version__",
])
