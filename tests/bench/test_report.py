"""The verdicts `make bench` prints: issue 12's ratios come from measures of the same run."""

from bench import prism
from bench.report import Measure, render
from bench.scenarios import FLOOR, SCENARIOS
from bench.wrk import Load

A = next(s for s in SCENARIOS if s.key == "a")
STARTED = {"shipped": [0.6], "v1": [0.7], "100k": [1.2]}


def _measure(scenario, size: int, rps: int, p99_ms: float = 5.0, rss: float = 100) -> Measure:
    status = scenario.expected[0]
    load = Load(rps * 10, 10.0, 2.0, p99_ms, {status: rps * 10}, 0)
    return Measure(scenario, size, load, rss, 0, 0.3, 1.0)


def _verdict(text: str, start: str) -> str:
    line = next(line for line in text.splitlines() if line.strip().startswith(start))
    return line.split()[-1]


def test_the_sandbox_is_held_to_the_floor_and_to_prism_measured_in_the_same_run():
    floor = _measure(FLOOR, 0, 16_000)
    measures = [_measure(A, 100, 4_200), _measure(A, 100_000, 4_000, rss=240)]

    beaten = render(floor, measures, {"a": _measure(A, 0, 1_900)}, STARTED, 10, 60)
    close = render(floor, measures, {"a": _measure(A, 0, 2_100)}, STARTED, 10, 60)

    assert _verdict(beaten, "a >= 0.25 x floor (16,000 req/s; 100,000 inv.)") == "PASS"
    assert _verdict(beaten, "a >= 2 x Prism 5, same request (1,900 req/s") == "PASS"
    assert _verdict(close, "a >= 2 x Prism 5, same request (2,100 req/s") == "MISS"
    assert "Prism 5, dayzero document, same request" in beaten


def test_issue_5s_scale_start_up_and_memory_targets_are_still_counted():
    floor = _measure(FLOOR, 0, 16_000)
    peers = {"a": _measure(A, 0, 1_000)}
    small = _measure(A, 100, 4_200)

    kept = render(floor, [small, _measure(A, 100_000, 4_000, rss=240)], peers, STARTED, 10, 60)
    heavy = render(floor, [small, _measure(A, 100_000, 4_000, rss=260)], peers, STARTED, 10, 60)

    assert _verdict(kept, "issue 5's 100k/100 latency, start-up and peak RSS") == "PASS"
    assert _verdict(heavy, "issue 5's 100k/100 latency, start-up and peak RSS") == "MISS"


def test_prism_mocks_the_one_shipped_document_of_the_scenarios_vendor():
    for scenario in SCENARIOS:
        if scenario.prism is not None:
            command = prism.command(4010, scenario.prism.vendor)
            assert command[1:3] == ["mock", str(prism.document(scenario.prism.vendor))]
