"""Helpers that the tests and the benchmarks share (building and serving a copy of the site)."""
