"""The bench's reading of the line that bench/lua/common.lua prints at the end of a wrk run."""

import time

import pytest

from bench import server, wrk
from bench.scenarios import FLOOR
from bench.wrk import parse

LINE = ('BENCH {"requests":1000,"duration_us":2000000,"p50_us":1500,"p99_us":9000,'
        '"mean_us":1800.0,"max_us":12000,"errors":{"connect":0,"read":1,"write":0,'
        '"timeout":2},"statuses":{"201":990,"400":10}}')


def test_a_wrk_report_gives_rate_latencies_and_statuses():
    load = parse(LINE)

    assert load.rps == 500
    assert (load.p50_ms, load.p99_ms) == (1.5, 9.0)
    assert load.statuses == {201: 990, 400: 10}


def test_unexpected_answers_include_other_statuses_and_requests_without_answer():
    load = parse(LINE)

    assert load.unexpected((201,)) == 10 + 3
    assert load.unexpected((201, 400)) == 3


@pytest.mark.skipif(not wrk.available(), reason="wrk is not installed (make bench installs it)")
def test_a_run_with_a_fixed_number_of_answers_ends_once_they_came():
    port = server.free_port()
    running = server.start(server.floor_command(port), port)
    try:
        began = time.monotonic()
        load = wrk.run(f"http://127.0.0.1:{port}", FLOOR.script, list(FLOOR.args), 60,
                       stop_after=300)
        assert time.monotonic() - began < 30  # not the 60 s wrk was given
        assert 300 <= load.statuses[200] < 300 + wrk.CONNECTIONS
    finally:
        running.stop()
