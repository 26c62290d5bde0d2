"""The bench's reading of the line that bench/lua/common.lua prints at the end of a wrk run."""

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
