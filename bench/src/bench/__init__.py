"""Benchmarks of the nea-coop stack against bare baselines measured in the same run (issue #15, item 1).

`python -m bench` (`make bench`) starts a stack of its own on ports in the 25xxx range, drives it only
through its public surfaces (HTTP APIs, Kafka topics, SQL reads of the services' tables, /proc, `python -m
roadmap.rebuild`), stops it, and writes bench/results/<date>.json, the plots and a markdown summary.
"""
