"""What a computation read (kb.core.reads): attributes, keys and calls are recorded, a result holds while
they are unchanged, and what cannot be checked later is never kept."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from kb.core.reads import Digests, Reads, Tracked, derived, memoized, read_derived


@dataclass
class Shelf:
    title: str
    books: dict[str, str]
    tags: list[str]
    memo: dict = field(default_factory=dict, repr=False)

    def book(self, key: str) -> str:
        return self.books.get(key, "")


def shelf() -> Shelf:
    return Shelf("书架", {"a": "甲", "b": "乙"}, ["x"])


def test_attributes_keys_and_calls_are_recorded() -> None:
    reads = Reads()
    tracked = Tracked(shelf(), reads)
    assert tracked.title == "书架"
    assert tracked.books["a"] == "甲" and tracked.books.get("c") is None and "b" in tracked.books
    assert tracked.book("a") == "甲"
    assert reads.paths == {("title",), ("books", "[]", "a"), ("books", "[]", "c"), ("books", "[]", "b"),
                           ("book", "()", ("a",))}
    assert not reads.opaque
    list(tracked.books.items())  # going through all of it depends on all of it
    assert ("books",) in reads.paths


def test_a_result_holds_while_what_it_read_is_unchanged() -> None:
    before = shelf()
    reads = Reads()
    tracked = Tracked(before, reads)
    _ = tracked.books["a"], tracked.book("b")
    recorded = Digests(before).record(reads)
    assert recorded is not None
    unrelated = shelf()
    unrelated.title, unrelated.tags = "另一个书架", ["y"]
    assert Digests(unrelated).holds(recorded)  # neither the title nor the tags were read
    for change in ({"a": "丙", "b": "乙"}, {"a": "甲", "b": "丁"}, {"b": "乙"}):
        changed = shelf()
        changed.books = change
        assert not Digests(changed).holds(recorded), change


def test_what_cannot_be_checked_later_is_opaque() -> None:
    for read in (lambda t: t.memo, lambda t: t.book(object())):
        reads = Reads()
        read(Tracked(shelf(), reads))
        assert reads.opaque
        assert Digests(shelf()).record(reads) is None
    with pytest.raises(AttributeError):
        Tracked(shelf(), Reads()).title = "改"


def test_a_memoized_value_brings_its_reads_to_every_use() -> None:
    target = shelf()
    first, second = Reads(), Reads()
    calls = []

    def count(tracked):
        calls.append(1)
        return len(tracked.tags)

    tracked = Tracked(target, first)
    assert memoized(tracked, ("count",), lambda: count(tracked)) == 1
    assert ("tags",) in first.paths
    # The second computation gets the value without computing it, and still depends on the tags.
    tracked = Tracked(target, second)
    assert memoized(tracked, ("count",), lambda: count(tracked)) == 1
    assert calls == [1]
    assert ("tags",) in second.paths
    assert memoized(target, ("plain",), lambda: 5) == 5 == target.memo[("plain",)]


@derived("test-position")
def position(target: Shelf, tag: str) -> int:
    """Where a tag stands among the shelf's tags (-1 if absent): worked out from all of them."""
    return target.tags.index(tag) if tag in target.tags else -1


def test_a_derived_value_is_read_as_itself() -> None:
    before = Shelf("书架", {}, ["x", "y"])
    reads = Reads()
    assert read_derived(Tracked(before, reads), "test-position", "x") == 0
    assert reads.paths == {("@test-position", "()", ("x",))}  # not the tags it was worked out from
    recorded = Digests(before).record(reads)
    assert Digests(Shelf("书架", {}, ["x", "z", "w"])).holds(recorded)  # other tags changed, x still first
    assert not Digests(Shelf("书架", {}, ["w", "x"])).holds(recorded)
    assert read_derived(before, "test-position", "y") == 1  # on the object itself: just the value
    read_derived(Tracked(before, opaque := Reads()), "test-position", object())
    assert opaque.opaque
