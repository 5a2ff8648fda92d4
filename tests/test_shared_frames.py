"""Work kept per shared frame: found again for the same frame, never for another one."""

from __future__ import annotations

import gc

import pandas as pd

from dashboard.shared_frames import ObjectMemo, cache_key, content_digest, per_frame

CALLS: list[int] = []


@per_frame
def doubled(frame: pd.DataFrame, factor: int = 2) -> pd.DataFrame:
    CALLS.append(len(frame))
    return frame.assign(valeur=frame["valeur"] * factor)


def test_a_presenter_runs_once_per_shared_frame_and_arguments() -> None:
    CALLS.clear()
    shared = pd.DataFrame({"valeur": [1, 2]})
    first = doubled(shared)
    assert doubled(shared) is first
    assert doubled(shared, 3)["valeur"].tolist() == [3, 6]
    assert len(CALLS) == 2


def test_a_new_read_with_other_figures_is_formatted_again() -> None:
    before = pd.DataFrame({"valeur": [1, 2]})
    assert doubled(before)["valeur"].tolist() == [2, 4]
    after = pd.DataFrame({"valeur": [10, 20]})
    assert doubled(after)["valeur"].tolist() == [20, 40]


def test_an_entry_is_never_returned_for_another_object_at_the_same_address() -> None:
    memo = ObjectMemo()
    frame = pd.DataFrame({"valeur": [1]})
    memo.get(frame, "k", lambda: "ancien")
    del frame
    gc.collect()
    for _ in range(50):  # new frames often reuse a freed address
        other = pd.DataFrame({"valeur": [2]})
        assert memo.get(other, "k", lambda: "nouveau") == "nouveau"
        del other


def test_the_results_of_a_replaced_read_are_let_go() -> None:
    memo = ObjectMemo()
    kept = pd.DataFrame({"valeur": [1]})
    replaced = pd.DataFrame({"valeur": [2]})
    memo.get(kept, "k", lambda: "gardé")
    memo.get(replaced, "k", lambda: "remplacé")
    del replaced
    gc.collect()
    assert len(memo) == 1
    assert memo.get(kept, "k", lambda: "recalculé") == "gardé"


def test_the_memo_keeps_its_size_bound() -> None:
    memo = ObjectMemo(max_entries=3)
    frames = [pd.DataFrame({"valeur": [index]}) for index in range(5)]
    for frame in frames:
        memo.get(frame, "k", lambda frame=frame: int(frame["valeur"].iloc[0]))
    calls = []
    memo.get(frames[0], "k", lambda: calls.append(0))
    assert calls == [0], "the oldest entry was dropped"


def test_the_digest_tells_content_columns_and_types_apart() -> None:
    base = pd.DataFrame({"code": ["28"], "valeur": [1]})
    assert content_digest(base) == content_digest(base.copy())
    assert content_digest(base) != content_digest(base.assign(valeur=[2]))
    assert content_digest(base) != content_digest(base.rename(columns={"valeur": "total"}))
    assert content_digest(base) != content_digest(base.astype({"valeur": float}))
    with_lists = pd.DataFrame({"besoins": [["formation"], []]})
    assert content_digest(with_lists) != content_digest(pd.DataFrame({"besoins": [["matériel"], []]}))


def test_a_cache_key_is_the_digest_for_frames_and_the_value_otherwise() -> None:
    frame = pd.DataFrame({"valeur": [1]})
    assert cache_key(frame) == content_digest(frame)
    assert cache_key("28") == "28"
