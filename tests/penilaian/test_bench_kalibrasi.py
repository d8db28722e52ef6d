import io
import re

from penilaian.management.commands.bench_kalibrasi import Command
from penilaian.models import SesiKalibrasi


def test_the_calibration_benchmark_renders_the_page_in_small(db):
    out = io.StringIO()
    Command(stdout=out).run(150)  # the timing is not tested
    text = out.getvalue()
    evaluated = int(re.search(r"(\d+) final annual evaluations", text)[1])
    assert evaluated > 100 and SesiKalibrasi.objects.count() == 1
    pages = re.findall(r"calibration page, ([a-z0-9 ]+): (\d+) queries", text)
    assert [p[0] for p in pages] == ["the whole unit", "one evaluator", "page 10"]
    assert all(int(p[1]) > 5 for p in pages)  # counted, not an empty log
