"""Benchmarks that print their figures (run by hand: ``python -m bench.inbound``)."""
