"""Group commit: concurrent submissions share batches, each caller gets its own result, and a
failing item does not fail the others."""

from __future__ import annotations

import threading
import time

import pytest

from phangnga.core.groupcommit import GroupCommit


def test_one_caller_alone_is_a_batch_of_one():
    batches: list[list[int]] = []

    def write(items):
        batches.append(list(items))
        return [i * 10 for i in items]

    gc = GroupCommit(write)
    assert gc.submit(4) == 40
    assert batches == [[4]]


def test_callers_arriving_during_a_write_share_the_next_batch():
    batches: list[list[int]] = []
    first_started = threading.Event()

    def write(items):
        batches.append(list(items))
        if len(batches) == 1:
            first_started.set()
            time.sleep(0.2)  # everyone else arrives while this batch is being written
        return [i * 10 for i in items]

    gc = GroupCommit(write)
    results: dict[int, int] = {}
    leader = threading.Thread(target=lambda: results.__setitem__(0, gc.submit(0)))
    leader.start()
    first_started.wait(5)
    others = [threading.Thread(target=lambda i=i: results.__setitem__(i, gc.submit(i))) for i in range(1, 9)]
    for t in others:
        t.start()
    for t in [leader, *others]:
        t.join(5)
    assert results == {i: i * 10 for i in range(9)}
    assert batches[0] == [0]
    assert sorted(i for b in batches[1:] for i in b) == list(range(1, 9))
    assert len(batches) < 9  # the waiting callers were written together, not one by one
    assert max(len(b) for b in batches) > 1


def test_a_failing_item_fails_alone_and_the_rest_of_its_batch_is_written():
    written: list[int] = []
    gate = threading.Event()

    def write(items):
        if not gate.is_set():
            gate.wait(5)
        if 13 in items:
            raise ValueError("unlucky")
        written.extend(items)
        return list(items)

    gc = GroupCommit(write)
    outcome: dict[int, object] = {}

    def submit(i):
        try:
            outcome[i] = gc.submit(i)
        except ValueError as exc:
            outcome[i] = exc

    threads = [threading.Thread(target=submit, args=(i,)) for i in (11, 12, 13, 14)]
    for t in threads:
        t.start()
    time.sleep(0.2)
    gate.set()
    for t in threads:
        t.join(5)
    assert isinstance(outcome[13], ValueError)
    assert {k: v for k, v in outcome.items() if k != 13} == {11: 11, 12: 12, 14: 14}
    assert sorted(written) == [11, 12, 14]


def test_a_write_returning_the_wrong_number_of_results_is_an_error():
    gc = GroupCommit(lambda items: [])
    with pytest.raises(RuntimeError, match="0 results for 1 items"):
        gc.submit(1)
