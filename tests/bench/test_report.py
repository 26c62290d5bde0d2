"""The verdicts `make bench` prints: issue 12's ratios come from measures of the same run."""

from bench import prism
from bench.report import Measure, render
from bench.scenarios import FLOOR, SCENARIOS
from bench.wrk import Load

A = next(s for s in SCENARIOS if s.key == "a")
STARTED = {"shipped": [0.6], "v1": [0.7], "100k": [1.2]}


def _measure(scenario, size: int, rps: int, p99_ms: float = 5.0, rss: float = 100,
             fixed_rss: float | None = None) -> Measure:
    status = scenario.expected[0]
    load = Load(rps * 10, 10.0, 2.0, p99_ms, {status: rps * 10}, 0)
    return Measure(scenario, size, load, rss, 0, 0.3, 1.0, fixed_rss)


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

    kept = render(floor, [small, _measure(A, 100_000, 4_000, rss=240, fixed_rss=240)], peers,
                  STARTED, 10, 60)
    heavy = render(floor, [small, _measure(A, 100_000, 4_000, rss=270, fixed_rss=260)], peers,
                   STARTED, 10, 60)

    assert _verdict(kept, "issue 5's 100k/100 latency, start-up and peak RSS") == "PASS"
    assert _verdict(heavy, "issue 5's 100k/100 latency, start-up and peak RSS") == "MISS"


def test_memory_is_held_to_the_peak_at_a_fixed_number_of_requests():
    """The store holds 100,000 invoices and a fixed number of new records when the peak RSS
    the target is held to is read; the peak after the timed load is printed beside it."""
    floor = _measure(FLOOR, 0, 16_000)
    small = _measure(A, 100, 4_200)
    fast = render(floor, [small, _measure(A, 100_000, 4_000, rss=300, fixed_rss=230)], {},
                  STARTED, 10, 60)
    assert _verdict(fast, "peak RSS <= 250 MB, 100,000 inv. + 2,000 requests") == "PASS"
    assert "after start-up and 2,000 requests (before the timed load): a 230 MB" in fast
    assert " 300 " in next(line for line in fast.splitlines() if line.startswith(" ") and
                           "100,000" in line)


def test_prism_mocks_the_same_document_as_the_scenario():
    for scenario in SCENARIOS:
        peer = scenario.prism
        if peer is None:
            continue
        command = prism.command(4010, peer.vendor, peer.document)
        if peer.document is None:  # a shipped vendor: its document as the sandbox serves it
            assert command[1:3] == ["mock", str(prism.document(peer.vendor))]
        else:  # a dropped-in document, as it is
            assert command[1:3] == ["mock", str(peer.document)]


def test_scenario_g_creates_on_the_dropped_in_document_beside_prism():
    g = next(s for s in SCENARIOS if s.key == "g")
    assert g.with_v1 and g.floor_share and g.expected == (200,)
    assert g.args[1] == "/chargebee_v1/api/v1/customers" and g.prism.args[1] == "/customers"
