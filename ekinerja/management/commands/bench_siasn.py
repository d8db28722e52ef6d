"""Benchmark: the SIASN pull and its reconciliation for a province (default 12,000 people)
against the fake SIASN on 127.0.0.1 (ekinerja.siasn_palsu), never BKN.

Runs in a throwaway test database: builds the organisation with the import (as
bench_import does), gives every unit its SIASN id, lets SIASN hold everyone as we do but
for a share of changed people (golongan, title, a unit's new head), then times the pull
(one data-utama request per person, the units page by page) and applying the report.

    make bench-siasn           # 12,000 people against PostgreSQL
"""

import time

from django.core.management.base import BaseCommand
from django.test.utils import setup_databases, teardown_databases

from ekinerja.bench import provinsi_impor
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.rekonsiliasi import bandingkan, siasn_tarik_terapkan
from ekinerja.siasn_palsu import SiasnPalsu


class Command(BaseCommand):
    help = "Time the SIASN pull and reconciliation of N people against a fake SIASN."

    def add_arguments(self, parser):
        parser.add_argument("--people", type=int, default=12_000)
        parser.add_argument("--changed", type=int, default=5,
                            help="percent of people SIASN holds differently (default 5)")

    def handle(self, *args, people, changed, **options):
        old_config = setup_databases(verbosity=0, interactive=False)
        try:
            self.run(people, changed)
        finally:
            teardown_databases(old_config, verbosity=0)

    def run(self, people, changed, opd_count=None):
        start = time.perf_counter()
        _root, admin = provinsi_impor(people, opd_count=opd_count)
        units = list(UnitKerja.objects.all())
        for unit in units:
            unit.kode_siasn = f"U-{unit.kode}"
        UnitKerja.objects.bulk_update(units, ["kode_siasn"], batch_size=1000)
        self.stdout.write(f"{Pegawai.objects.count()} people, {UnitKerja.objects.count()} "
                          f"units built in {time.perf_counter() - start:.1f} s")
        with SiasnPalsu() as siasn:
            self.fill(siasn, changed)
            client = siasn.client()
            start = time.perf_counter()
            report = bandingkan(client)
            pulled = time.perf_counter() - start
            r = report["ringkasan"]
            requests = len(siasn.log)
            self.stdout.write(f"pull and compare: {pulled:.1f} s, {requests} requests to SIASN "
                              f"({requests / pulled:.0f}/s); checked {r['diperiksa']}, same "
                              f"{r['sama']}, changed {r['berubah']}, missing {r['hilang']}")
        from ekinerja.models import SiasnTarik

        tarik = SiasnTarik.objects.create(status="selesai", **report)
        start = time.perf_counter()
        skipped = siasn_tarik_terapkan(tarik=tarik, actor=admin)
        self.stdout.write(f"apply: {time.perf_counter() - start:.1f} s, "
                          f"{tarik.ringkasan['diterapkan']} people updated, "
                          f"{len(skipped)} not applied")

    def fill(self, siasn, changed):
        """SIASN holds everyone as we do, but `changed` percent: another golongan, a title,
        and for one unit in twenty another head."""
        people = list(Pegawai.objects.filter(aktif=True).select_related("unit", "jabatan"))
        heads = {p.unit_id: p for p in people if p.jabatan_id and p.jabatan.kepala_unit}
        units = list(UnitKerja.objects.all())
        by_pk = {u.pk: u for u in units}
        for n, unit in enumerate(units):
            head = heads.get(unit.pk)
            if n % 20 == 7:  # SIASN has another head here: a member of the unit
                head = next((p for p in people if p.unit_id == unit.pk and p != head), head)
            siasn.unor.append({"Id": unit.kode_siasn, "NamaUnor": unit.nama,
                               "DiatasanId": by_pk[unit.parent_id].kode_siasn
                               if unit.parent_id else None,
                               "PemimpinPnsId": f"P-{head.nip}" if head else None})
        step = max(1, round(100 / changed)) if changed else 0
        for n, p in enumerate(people):
            record = {"id": f"P-{p.nip}", "nipBaru": p.nip, "nama": p.nama,
                      "gelarDepan": p.gelar_depan, "gelarBelakang": p.gelar_belakang,
                      "golRuangAkhir": p.golongan,
                      "unorId": p.unit.kode_siasn if p.unit_id else None,
                      "unorNama": p.unit.nama if p.unit_id else "",
                      "jabatanNama": p.jabatan.nama if p.jabatan_id else ""}
            if step and n % step == 3:
                record.update(golRuangAkhir="III/d", gelarBelakang="S.E.")
            siasn.pns[p.nip] = record
