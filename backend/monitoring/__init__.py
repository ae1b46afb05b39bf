"""Watching a running site: liveness and readiness probes, and Prometheus metrics."""
