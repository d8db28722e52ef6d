import io
import re

from penilaian.management.commands.bench_tpp import Command


def test_the_tpp_benchmark_agrees_with_its_raw_sql(db):
    out = io.StringIO()
    Command(stdout=out).run(300, opd_count=2)  # the timing is not tested
    text = out.getvalue()
    sql = int(re.search(r"raw SQL: [\d.]+ s, \d+ rows, Rp ([\d,]+)", text)[1].replace(",", ""))
    product = int(re.search(r"tpp_hitung\): [\d.]+ s, \d+ rows, Rp ([\d,]+)", text)[1]
                  .replace(",", ""))
    assert sql == product > 100_000_000, text  # the same money, and a real month's worth
    assert "same total: yes" in text and re.search(r"ratio: [\d.]+", text)
