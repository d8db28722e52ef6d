import io
import re
from decimal import Decimal

from django.db.models import Sum

from penilaian.management.commands.bench_angka_kredit import Command
from penilaian.models import AngkaKredit


def test_the_angka_kredit_benchmark_converts_a_province_in_small(db):
    out = io.StringIO()
    Command(stdout=out).run(400, opd_count=3)  # the timing is not tested
    text = out.getvalue()
    functional = int(re.search(r"\((\d+) in a functional post\)", text)[1])
    runs = re.findall(r": [\d.]+ s for (\d+) people, (\d+) rows .*stored (\d+) rows, sum ([\d.]+)",
                      text)
    assert len(runs) == 2 and runs[0] == runs[1]  # converting again replaces, never adds
    people, rows, stored, total = runs[0]
    assert int(people) == functional == int(rows) == int(stored) > 100
    assert Decimal(total) == AngkaKredit.objects.aggregate(s=Sum("nilai"))["s"]
    # A tenth of the people took their post in April: 9 months, not 12.
    assert AngkaKredit.objects.filter(bulan=9).count() >= functional // 12
    assert re.search(r"eligibility of an OPD \((\d+) people", text)
