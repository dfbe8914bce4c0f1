"""Requests kept in flight: each answer applied as it comes; a StopRun stops sending, never raises more."""

from paper_digest.retrying import StopRun
from paper_digest.translation.translate import _in_parallel


def test_every_request_is_made_and_applied_once():
    applied = []
    stopped = _in_parallel(range(20), lambda n: [n * 2], applied.extend, concurrency=3)
    assert stopped == "" and sorted(applied) == [n * 2 for n in range(20)]


def test_a_stop_ends_the_run_with_its_reason_and_nothing_more_is_sent():
    sent = []

    def translate(n):
        sent.append(n)
        if n == 3:
            raise StopRun("the key was refused")
        return [n]

    applied = []
    stopped = _in_parallel(range(100), translate, applied.extend, concurrency=1)
    assert stopped == "the key was refused"
    assert sent == [0, 1, 2, 3] and applied == [0, 1, 2]
