"""The benchmark harness of `make bench` (see bench/README.md). Run: python -m bench.run"""
