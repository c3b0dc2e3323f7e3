"""City-scale data and benchmarks: ``python -m bench.generate_city``, ``python -m bench.bench_org``.

See bench/README.md for the commands, the targets and the figures measured.
"""
