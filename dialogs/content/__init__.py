"""Operator content: the problem categories and their report forms, as YAML.

A content folder holds ``categories.yaml`` (the menu, and each category's form as a list of
field ids) and ``fields.yaml`` (the fields those forms ask). The shipped folder is this
package; operators copy it with ``kefu content init`` and point ``KEFU_CONTENT_DIR`` at
the copy. pydantic validates it at start; a problem names the file, the line and the reason.
"""

from __future__ import annotations

from dialogs.content.loader import (
    CONTENT_FILES,
    ContentError,
    load_content,
    shipped_dir,
)
from dialogs.content.model import (
    KINDS,
    Category,
    Choice,
    Content,
    Field,
    Localized,
)

__all__ = [
    "CONTENT_FILES",
    "KINDS",
    "Category",
    "Choice",
    "Content",
    "ContentError",
    "Field",
    "Localized",
    "load_content",
    "shipped_dir",
]
