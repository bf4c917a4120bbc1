"""evidencekit.records.NamedTuple makes the same classes as typing.NamedTuple (fields, defaults, methods,
docstring, namedtuple's API, pickling, the same refusals), only without compiling every annotation."""

from __future__ import annotations

import pickle
import typing

import pytest

from evidencekit import records


def _define(base: type) -> type:
    class Point(base):  # type: ignore[misc, valid-type]
        """A point."""

        x: int
        y: int | None = None
        tags: tuple[str, ...] = ()

        def moved(self, by: int) -> Point:
            return self._replace(x=self.x + by)

        @property
        def both(self) -> tuple[int, int | None]:
            return self.x, self.y

        @classmethod
        def origin(cls) -> Point:
            return cls(0, 0)

    return Point


def test_a_record_behaves_as_a_typing_namedtuple() -> None:
    ours, theirs = _define(records.NamedTuple), _define(typing.NamedTuple)
    for cls in (ours, theirs):
        point = cls(1)
        assert (point, point.moved(2), point.both) == ((1, None, ()), (3, None, ()), (1, None))
        assert cls.origin() == (0, 0, ())
        assert cls._fields == ("x", "y", "tags") and cls._field_defaults == {"y": None, "tags": ()}
        assert point._asdict() == {"x": 1, "y": None, "tags": ()} and cls._make([5, 6, ("a",)]).tags == ("a",)
        assert cls.__doc__ == "A point." and cls.__name__ == "Point" and cls.__bases__ == (tuple,)
        assert isinstance(point, tuple) and repr(point) == "Point(x=1, y=None, tags=())"
        with pytest.raises(TypeError):
            cls()  # x has no default
    assert ours.__module__ == theirs.__module__ == __name__
    assert list(ours.__annotations__) == list(theirs.__annotations__) == ["x", "y", "tags"]
    assert ours.__annotations__["y"] == "int | None"  # the string written; typing's is ForwardRef('int | None')


class Kept(records.NamedTuple):
    name: str
    size: int = 0


def test_a_module_level_record_pickles() -> None:
    assert pickle.loads(pickle.dumps(Kept("a", 3))) == Kept("a", 3)


def test_the_same_refusals_as_typing() -> None:
    for base in (records.NamedTuple, typing.NamedTuple):
        with pytest.raises(TypeError):
            class Misordered(base):  # type: ignore[misc, valid-type]
                a: int = 0
                b: int
        with pytest.raises(AttributeError):
            class Overriding(base):  # type: ignore[misc, valid-type]
                a: int

                def _asdict(self) -> dict:  # type: ignore[override]
                    return {}
        with pytest.raises(TypeError):
            class Mixed(base, dict):  # type: ignore[misc, valid-type]
                a: int


def test_the_capture_paths_records_are_namedtuples_with_their_declared_fields() -> None:
    from evidencekit.capture.request import Rect
    from evidencekit.store.events import Event

    assert Rect._fields == ("left", "top", "width", "height") and Rect(1, 2, 3, 4).width == 3
    assert "seq" in Event._fields and isinstance(Event.__annotations__["seq"], str)
