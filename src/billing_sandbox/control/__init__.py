"""The control plane at ``/_sandbox``: reset, fixtures, state, journal, clock, faults, events,
webhooks and the contract report. Served by the engine like a vendor, from its own document
(``spec/``), so its requests and answers are validated like every other."""
