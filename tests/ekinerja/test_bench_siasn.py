import io
import re

from ekinerja.management.commands.bench_siasn import Command
from ekinerja.models import AuditLog, Pegawai


def test_the_siasn_benchmark_pulls_compares_and_applies(db):
    out = io.StringIO()
    Command(stdout=out).run(400, 10, opd_count=3)  # 51 units: the timing is not tested
    text = out.getvalue()
    pull = re.search(r"checked (\d+), same (\d+), changed (\d+), missing (\d+)", text)
    checked, same, changed, missing = map(int, pull.groups())
    assert checked == Pegawai.objects.filter(aktif=True).count() == same + changed
    assert changed >= checked // 10 and missing == 0
    applied = int(re.search(r"apply: [\d.]+ s, (\d+) people updated", text)[1])
    assert applied == changed == AuditLog.objects.filter(action="pegawai.siasn_update").count()
    assert Pegawai.objects.filter(golongan="III/d").count() >= checked // 10
