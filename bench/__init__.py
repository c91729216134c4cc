"""Benchmarks of the import and of reads: `make bench` runs bench/run.py, results in bench/results/."""
