"""Benchmarks: a generated corpus, a bare ceiling app and a load driver; results go to docs/benchmarks.md."""
