from django.apps import AppConfig


class BenchConfig(AppConfig):
    """`lamtheobac bench`: the benchmarks, beside the demo at the top of the layers
    (they build data of every domain and time the reports)."""

    name = "lamtheobac.bench"
    label = "bench"
