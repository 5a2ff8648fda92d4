"""Work done once per shared frame: its content digest, its formatted tables, its Arrow table.

Cached reads hand every session the very same frame object until the data changes. Hashing
that frame's content to key a chart (``built``), formatting it for display (French dates and
euros, row by row) and converting it to Arrow for ``st.dataframe`` cost more per warm view
than the rest of the page; remembered per object, they are done once per data version. A
frame made during the view is a new object each time and is worked on as before; a frame
derived through ``per_frame`` is itself kept, so what is derived from it is kept too.

An entry is found again only while the object it was made for is alive and is the one
looked up (checked through a weak reference), so a recycled ``id`` never returns another
frame's result. The memo is bounded: least recently used entries go first.
"""

from __future__ import annotations

import hashlib
import pickle
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

import pandas as pd

T = TypeVar("T")
P = ParamSpec("P")

MAX_ENTRIES = 4000
"""Digests are a few bytes; Arrow tables hold one page of rows (``TABLE_PAGE_ROWS``) at most."""


class ObjectMemo:
    """Results kept per (live object, key), shared by every session of the process.

    When an object dies (its read was replaced by a newer data version), its results are
    dropped at the next lookup: the weak reference's callback only notes the slot, since it
    may run inside the collector while this thread holds the lock.
    """

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple[int, Hashable], tuple[weakref.ref, Any]] = OrderedDict()
        self._dead: list[tuple[tuple[int, Hashable], weakref.ref]] = []
        self._max_entries = max_entries

    def get(self, owner: object, key: Hashable, make: Callable[[], T]) -> T:
        """``make()``, or what it returned for this very ``owner`` and ``key`` before."""
        slot = (id(owner), key)
        with self._lock:
            self._drop_dead()
            entry = self._entries.get(slot)
            if entry is not None and entry[0]() is owner:
                self._entries.move_to_end(slot)
                return entry[1]
        result = make()
        reference = weakref.ref(owner, lambda dead, slot=slot: self._dead.append((slot, dead)))
        with self._lock:
            self._entries[slot] = (reference, result)
            self._entries.move_to_end(slot)
            while len(self._entries) > self._max_entries:
                self._entries.popitem(last=False)
        return result

    def __len__(self) -> int:
        with self._lock:
            self._drop_dead()
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._dead.clear()

    def _drop_dead(self) -> None:
        while self._dead:
            slot, reference = self._dead.pop()
            entry = self._entries.get(slot)
            if entry is not None and entry[0] is reference:
                del self._entries[slot]


MEMO = ObjectMemo()


class FrameDigest(str):
    """The content digest standing for a frame in a cache key (a ``str``: cheap to hash again)."""


def cache_key(value: object) -> object:
    """What stands for ``value`` in a cache key: a frame's digest, anything else itself."""
    if isinstance(value, pd.DataFrame | pd.Series):
        return MEMO.get(value, "digest", lambda: content_digest(value))
    return value


def content_digest(frame: pd.DataFrame | pd.Series) -> FrameDigest:
    """Columns, types, index and values: two frames with the same digest draw the same chart."""
    digest = hashlib.blake2b(digest_size=16)
    names = list(frame.columns) if isinstance(frame, pd.DataFrame) else [frame.name]
    types = list(frame.dtypes) if isinstance(frame, pd.DataFrame) else [frame.dtype]
    digest.update(repr((type(frame).__name__, names, [str(kind) for kind in types], frame.shape)).encode())
    try:
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    except TypeError:  # unhashable cells (lists of needs): their pickled form stands for them
        digest.update(pickle.dumps(frame, protocol=pickle.HIGHEST_PROTOCOL))
    return FrameDigest(digest.hexdigest())


def displayed(frame: pd.DataFrame, labels: dict[str, str]) -> pd.DataFrame:
    """The columns named in ``labels``, in that order, under their French headers."""
    return MEMO.get(
        frame,
        ("displayed", tuple(labels.items())),
        lambda: frame[[column for column in labels if column in frame.columns]].rename(columns=labels),
    )


def per_frame(
    function: Callable[Concatenate[pd.DataFrame, P], T],
) -> Callable[Concatenate[pd.DataFrame, P], T]:
    """``function(frame, *args)`` computed once per frame object and arguments.

    For presenters: pure functions of a frame whose result is only shown, never modified
    (it is shared by every session). Frame arguments count by their content digest; with
    another unhashable argument the function is computed each time.
    """
    name = f"{function.__module__}.{function.__qualname__}"

    @wraps(function)
    def kept(frame: pd.DataFrame, *args: P.args, **kwargs: P.kwargs) -> T:
        key = (
            name,
            tuple(cache_key(value) for value in args),
            tuple((keyword, cache_key(value)) for keyword, value in sorted(kwargs.items())),
        )
        try:
            hash(key)
        except TypeError:
            return function(frame, *args, **kwargs)
        return MEMO.get(frame, key, lambda: function(frame, *args, **kwargs))

    return kept
