"""Benchmark: a month's TPP for a province (default 12,000 people) against a raw-SQL
baseline, as bench_scores does for the scores.

Runs in a throwaway test database: builds the organisation with the import, a monthly
year, an approved SKP and a period score for everyone (in SQL), and a month of attendance
(about 21 working days each: most on time, some late or early by varying minutes, some
days missing, a day away with a letter for one person in fifty). Then times

  (a) the equivalent raw SQL: one statement computing every person's base, performance
      and discipline parts under the first rule (its figures written into the SQL) and
      writing one row per person, and
  (b) the product's computation (penilaian.tpp.tpp_hitung, what the worker runs),

checks that both pay the same in total, and prints `ratio: <product / raw SQL>`.

    make bench-tpp     # 12,000 people against PostgreSQL
"""

import datetime as dt
import time

from django.db import connection
from django.db.models import Sum

from ekinerja.bench import BenchCommand, provinsi_impor
from ekinerja.models import Pegawai
from kinerja.models import Izin, Kehadiran, Periode, Skp, TahunKinerja
from kinerja.services import tahun_kinerja_create

from ...models import AturanSkor, Skor, Tpp
from ...tpp import kebijakan_pada, tpp_hitung
from .bench_scores import _insert_select

TAHUN, BULAN = 2026, 9  # September 2026: 22 working days, no holiday seeded


class Command(BenchCommand):
    help = "Time a month's TPP of N people against raw SQL."

    def run(self, people, opd_count=None):
        start = time.perf_counter()
        periode = self.build(people, opd_count)
        n_hadir = Kehadiran.objects.count()
        self.stdout.write(f"{Pegawai.objects.filter(aktif=True).count()} people, {n_hadir} "
                          f"attendance days in {periode}, built in "
                          f"{time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        sql_total, sql_rows = self.raw_sql(periode)
        raw = time.perf_counter() - start
        self.stdout.write(f"raw SQL: {raw:.2f} s, {sql_rows} rows, Rp {sql_total:,}")
        start = time.perf_counter()
        rows = tpp_hitung(periode=periode)
        product = time.perf_counter() - start
        total = Tpp.objects.filter(periode=periode).aggregate(s=Sum("total"))["s"] or 0
        self.stdout.write(f"product (penilaian.tpp.tpp_hitung): {product:.2f} s, {len(rows)} "
                          f"rows, Rp {total:,}")
        self.stdout.write(f"same total: {'yes' if total == sql_total else 'NO'}")
        self.stdout.write(f"ratio: {product / raw:.2f}")

    def build(self, people, opd_count):
        _root, admin = provinsi_impor(people, opd_count=opd_count)
        tahun = tahun_kinerja_create(tahun=TahunKinerja(
            tahun=TAHUN, ritme=TahunKinerja.Ritme.BULANAN, batas_skp=dt.date(TAHUN, 1, 31),
            hari_cutoff=5), actor=admin)
        periode = Periode.objects.get(tahun=tahun, nomor=BULAN)
        _insert_select(Skp, ["pegawai_id", "tahun_id", "jabatan_id", "unit_id", "status"],
                       "SELECT id, %s, jabatan_id, unit_id, 'disetujui'{defaults} "
                       "FROM ekinerja_pegawai WHERE aktif AND jabatan_id IS NOT NULL",
                       [tahun.pk])
        _insert_select(Skor, ["pegawai_id", "tahun_id", "nomor", "periode_id", "aturan_id",
                              "produktivitas", "tpp_kinerja", "digest", "dihitung_pada"],
                       "SELECT id, %s, %s, %s, %s, 90, 60 + id %% 41, 'bench', now()"
                       "{defaults} FROM ekinerja_pegawai WHERE aktif",
                       [tahun.pk, BULAN, periode.pk, AturanSkor.objects.first().pk])
        # Attendance: on time, but every 7th person-day late by (id*day) % 120 minutes,
        # every 11th early by (id+day) % 95, every 23rd missing, every 31st without check-out.
        # (The month's dates written in: _insert_select takes parameters only before the
        # SELECT list's defaults.)
        _insert_select(Kehadiran, ["pegawai_id", "tanggal", "masuk", "pulang"], f"""
            SELECT p.id, d::date,
                   CASE WHEN (p.id + extract(day from d)::int) %% 7 = 0
                        THEN time '07:30' + ((p.id * extract(day from d)::int) %% 120 + 1)
                             * interval '1 minute'
                        ELSE time '07:20' END,
                   CASE WHEN (p.id + extract(day from d)::int) %% 31 = 0 THEN NULL
                        WHEN (p.id + extract(day from d)::int) %% 11 = 0
                        THEN time '16:00' - ((p.id + extract(day from d)::int) %% 95 + 1)
                             * interval '1 minute'
                        ELSE time '16:05' END{{defaults}}
            FROM ekinerja_pegawai p
            CROSS JOIN generate_series(date '{periode.mulai}', date '{periode.selesai}',
                                       interval '1 day') d
            WHERE p.aktif AND extract(isodow from d) < 6
              AND (p.id + extract(day from d)::int) %% 23 <> 0""")
        travellers = list(Pegawai.objects.filter(aktif=True).order_by("pk")
                          .values_list("pk", flat=True))[::50]
        Izin.objects.bulk_create(
            Izin(pegawai_id=pk, jenis=Izin.Jenis.DINAS_LUAR, mulai=dt.date(TAHUN, BULAN, 15),
                 selesai=dt.date(TAHUN, BULAN, 16), nomor_surat=f"ST/{pk}",
                 dicatat_oleh=admin) for pk in travellers)
        return periode

    def raw_sql(self, periode):
        """The first rule's month in one statement: the figures of kebijakan_pada(...)
        written in, as a hand-written report would have them."""
        rule = kebijakan_pada(periode.mulai)
        basis = " ".join(f"WHEN {k} THEN {v}" for k, v in rule.basis.items())

        def band(kind, minutes):
            rows = rule.band[kind]
            cases = " ".join(
                f"WHEN {minutes} BETWEEN {b.dari_menit} AND {b.sampai_menit or 100000} "
                f"THEN {b.persen}" for b in rows)
            return f"CASE {cases} ELSE 0 END"

        last_tl, last_psw = rule.band["tl"][-1].persen, rule.band["psw"][-1].persen
        masuk, pulang = (f"time '{rule.jam_masuk:%H:%M}'", f"time '{rule.jam_pulang:%H:%M}'")
        late = f"floor(extract(epoch from (k.masuk - {masuk})) / 60)::int"
        early = f"floor(extract(epoch from ({pulang} - k.pulang)) / 60)::int"
        with connection.cursor() as c:
            c.execute("DROP TABLE IF EXISTS bench_tpp_sql")
            c.execute(f"""
                CREATE UNLOGGED TABLE bench_tpp_sql AS
                WITH days AS (
                    SELECT d::date AS d FROM generate_series(%s::date, %s::date,
                                                             interval '1 day') d
                    WHERE extract(isodow from d) < 6
                      AND d::date NOT IN (SELECT tanggal FROM ekinerja_harilibur)),
                people AS (
                    SELECT p.id, j.kelas_jabatan AS kelas,
                           CASE WHEN p.jenis = 'CPNS' THEN {rule.persen_cpns} ELSE 100 END
                               AS faktor
                    FROM ekinerja_pegawai p JOIN ekinerja_jabatan j ON j.id = p.jabatan_id
                    WHERE p.aktif),
                per_day AS (
                    SELECT g.id,
                           CASE WHEN k.id IS NULL OR (k.masuk IS NULL AND k.pulang IS NULL)
                                THEN 1 ELSE 0 END AS tk,
                           CASE WHEN k.id IS NULL OR (k.masuk IS NULL AND k.pulang IS NULL)
                                THEN {rule.persen_tk_hari}
                                ELSE (CASE WHEN k.masuk IS NULL THEN {last_tl}
                                           WHEN k.masuk > {masuk} THEN {band("tl", late)}
                                           ELSE 0 END)
                                   + (CASE WHEN k.pulang IS NULL THEN {last_psw}
                                           WHEN k.pulang < {pulang}
                                           THEN {band("psw", early)} ELSE 0 END)
                           END AS cut
                    FROM (SELECT people.id, days.d FROM people CROSS JOIN days) g
                    LEFT JOIN kinerja_kehadiran k ON k.pegawai_id = g.id AND k.tanggal = g.d
                    WHERE NOT EXISTS (SELECT 1 FROM kinerja_izin i WHERE i.pegawai_id = g.id
                                      AND g.d BETWEEN i.mulai AND i.selesai)),
                sums AS (SELECT id, sum(tk) AS tk, least(sum(cut), 100) AS cut
                         FROM per_day GROUP BY id),
                parts AS (
                    SELECT p.id, s.tk,
                           round((CASE p.kelas {basis} ELSE 0 END) * p.faktor / 100
                                 * {rule.bobot_kinerja} / 100
                                 * coalesce(sk.tpp_kinerja, 0) / 100) AS kinerja,
                           round((CASE p.kelas {basis} ELSE 0 END) * p.faktor / 100
                                 * {rule.bobot_disiplin} / 100 * (100 - s.cut) / 100)
                               AS disiplin,
                           EXISTS (SELECT 1 FROM kinerja_skp x WHERE x.pegawai_id = p.id
                                   AND x.tahun_id = %s AND x.status = 'disetujui') AS skp_ok
                    FROM people p JOIN sums s ON s.id = p.id
                    LEFT JOIN penilaian_skor sk ON sk.pegawai_id = p.id AND sk.periode_id = %s)
                SELECT id,
                       CASE WHEN NOT skp_ok OR tk >= {rule.tk_hari_hapus} THEN 0
                            WHEN tk >= {rule.tk_hari_potong_50}
                            THEN round((kinerja + disiplin) / 2.0)
                            ELSE kinerja + disiplin END AS total
                FROM parts""",
                      [periode.mulai, min(periode.selesai, dt.date.today()), periode.tahun_id,
                       periode.pk])
            c.execute("SELECT coalesce(sum(total), 0), count(*) FROM bench_tpp_sql")
            total, count = c.fetchone()
            c.execute("DROP TABLE bench_tpp_sql")
        return int(total), count
