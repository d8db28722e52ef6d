import io

from ekinerja.bench import build_files
from ekinerja.management.commands.bench_import import Command
from ekinerja.models import Pegawai


def test_the_import_benchmark_runs_and_reports_each_step(db):
    out = io.StringIO()
    Command(stdout=out).run(600)
    lines = out.getvalue().splitlines()
    assert Pegawai.objects.count() == 601
    assert [line.split()[0] for line in lines[1:5]] == ["unit", "jabatan", "pegawai", "pegawai"]
    assert "unchanged=   600" in lines[4]


def test_benchmark_files_have_distinct_nips():
    _, _, people = build_files(12_000)
    nips = [line.split(b",")[0] for line in people.splitlines()[1:]]
    assert len(nips) == len(set(nips)) == 12_000
