"""aiogram imported with its types' validators built when first used, not all at import.

``aiogram.types`` ends by calling ``model_rebuild()`` on each of its 403 types (aiogram 3.31) with a
namespace naming all of them, so that their forward references (``Optional[Message]``)
resolve; pydantic then builds every type's validator and serializer, each with the schemas
of every type it nests copied in. Measured here (pydantic 2.13, aiogram 3.31): 155 MiB of
a 166 MiB process, for types kefu mostly never meets. The types are declared with
``defer_build`` already: pydantic would build each on first use, but could not resolve
those references then.

So while aiogram is imported, a rebuild with that namespace only keeps it, as the type's
parent namespace: where pydantic looks when it builds a deferred model, and the types it
nests. aiogram's methods and ``Response`` get the same namespace, since their fields name
the types. What kefu uses is then built on first use, the same schemas as aiogram's own
rebuild would have made (tests/telegram/runtimes/test_deferred_types.py compares them).

If this pydantic no longer builds a type that way, every type is rebuilt at once, as
aiogram does: more memory, nothing broken.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel


def import_aiogram() -> None:
    """Import ``aiogram`` with its types deferred, unless it is imported already."""
    if "aiogram.types" in sys.modules:
        return
    rebuild = BaseModel.__dict__["model_rebuild"]
    namespace: dict[str, Any] = {}

    def keep_namespace(cls: type[BaseModel], **kwargs: Any) -> bool | None:
        given = kwargs.get("_types_namespace")
        if given is not None and "Update" in given and given.get(cls.__name__) is cls:
            namespace.update(given)
            cls.__pydantic_parent_namespace__ = namespace
            return None
        # Our frame sits between pydantic's caller and the rebuild it measures depth from.
        kwargs["_parent_namespace_depth"] = kwargs.get("_parent_namespace_depth", 2) + 1
        return rebuild.__func__(cls, **kwargs)

    BaseModel.model_rebuild = classmethod(keep_namespace)  # type: ignore[method-assign,assignment]
    try:
        import aiogram.methods
        import aiogram.methods.base
        import aiogram.types
    finally:
        BaseModel.model_rebuild = rebuild  # type: ignore[method-assign]
    if not namespace:
        return  # this aiogram built its types some other way
    for model in _models(aiogram.methods, aiogram.methods.__all__):
        model.__pydantic_parent_namespace__ = namespace
    aiogram.methods.base.Response.__pydantic_parent_namespace__ = namespace
    if not _builds(aiogram.types.Update):
        for model in _models(aiogram.types, aiogram.types.__all__):
            rebuild.__func__(model, _types_namespace=namespace)


def _models(module: Any, names: Iterable[str]) -> Iterator[type[BaseModel]]:
    for name in names:
        value = getattr(module, name)
        if isinstance(value, type) and issubclass(value, BaseModel):
            yield value


def _builds(model: type[BaseModel]) -> bool:
    """Whether pydantic builds ``model`` on first use with the namespace kept."""
    try:
        return model.model_rebuild(raise_errors=False) is not False
    except Exception:  # any failure means: rebuild them all, as aiogram does
        return False
