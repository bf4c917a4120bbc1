"""`typing.NamedTuple`'s class syntax at `collections.namedtuple`'s cost, for the modules a command loads.

    from evidencekit.records import NamedTuple

    class Rect(NamedTuple):
        left: int
        width: int = 0

For mypy this *is* typing.NamedTuple (the same checks, the same types). At run time the class is made
by collections.namedtuple straight away: typing.NamedTuple first turns every annotation into a
ForwardRef, and with `from __future__ import annotations` each is a string it compiles, which made
the ~25 records a capture loads cost ~4 ms of its start (~1.3 ms this way). What the class holds is
the same: its fields, defaults, methods, docstring, `_fields`, `_field_defaults`, `_replace`, `_asdict`
and `__annotations__` (as the strings written, not ForwardRefs). As with typing, a record inherits
from nothing but NamedTuple, a field without a default cannot follow one with a default, and
namedtuple's own attributes cannot be overridden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import NamedTuple as NamedTuple
else:
    import collections

    _PROHIBITED = frozenset({"__new__", "__init__", "__slots__", "__getnewargs__", "_fields", "_field_defaults",
                             "_make", "_replace", "_asdict", "_source"})
    _SPECIAL = frozenset({"__module__", "__name__", "__annotations__"})  # as typing's NamedTupleMeta

    class _RecordMeta(type):
        def __new__(mcls, typename, bases, namespace):
            if not bases:  # NamedTuple itself
                return super().__new__(mcls, typename, bases, namespace)
            if bases != (NamedTuple,):
                raise TypeError("a record can only inherit from NamedTuple")
            annotations = namespace.get("__annotations__", {})
            with_default = [name for name in annotations if name in namespace]
            if with_default and list(annotations)[-len(with_default):] != with_default:
                raise TypeError(f"{typename}: a field without a default cannot follow one with a default")
            record = collections.namedtuple(typename, list(annotations),
                                            defaults=[namespace[name] for name in with_default],
                                            module=namespace["__module__"])
            record.__annotations__ = record.__new__.__annotations__ = dict(annotations)
            for key, value in namespace.items():
                if key in _PROHIBITED:
                    raise AttributeError(f"cannot overwrite NamedTuple attribute {key}")
                if key not in _SPECIAL and key not in record._fields:
                    setattr(record, key, value)
            return record

    class NamedTuple(metaclass=_RecordMeta):
        """Base of a record (see the module)."""

__all__ = ["NamedTuple"]
