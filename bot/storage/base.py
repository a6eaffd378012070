"""The declarative base of every kefu table, and the column types it maps."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON
from sqlalchemy.orm import DeclarativeBase

from bot.storage.types import UTCDateTime


class Base(DeclarativeBase):
    """Declarative base of every kefu table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }
