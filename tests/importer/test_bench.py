"""The benchmark's figures are produced (their values are the benchmark's business, not a test's)."""

from tiltak.bench.parsing import parse_timing, quality


def test_parse_timing_reports_its_figures(seed_path):
    figures = parse_timing(seed_path, runs=1)
    assert set(figures) == {"lexicon_load_seconds", "parse_seconds_median", "parse_cpu_seconds_median",
                            "parse_seconds_all"}
    assert figures["parse_seconds_median"] > 0
    assert len(figures["parse_seconds_all"]) == 1


def test_quality_figures(seed_path, gold):
    figures = quality(seed_path, gold)
    assert figures["seed"]["measures"] == 35
    assert figures["django_po"]["word_accuracy"] > figures["django_po"]["baseline_word_accuracy"]


def test_the_corpus_figures_are_a_group_of_the_benchmark():
    from tiltak.bench.measures import BENCHMARKS, importer_corpus

    assert BENCHMARKS["corpus"] is importer_corpus
