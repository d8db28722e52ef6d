"""Angka kredit from end to end: the Admin BKD imports a starting PAK, the atasan finalises
the year's evaluation of an employee in a functional post, the worker converts it, the
employee sees the new balance and what the next rank and level still need, and the Admin
BKD issues the PAK, whose QR code verifies it."""

import io
from decimal import Decimal
from pathlib import Path

from pypdf import PdfReader

from ekinerja.models import Dokumen, Pegawai
from ekinerja.selectors import atasan_for
from kinerja.models import Skp
from penilaian.angka_kredit import aturan_berlaku
from penilaian.models import AngkaKredit, Evaluasi

from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def test_starting_pak_year_conversion_balance_and_the_pak(browser, live_server, demo,
                                                          celery_worker, tmp_path):
    staff = next(p for p in Pegawai.objects.filter(jabatan__jenis="fungsional", aktif=True)
                 .select_related("jabatan").order_by("nip")
                 if Skp.objects.filter(pegawai=p, status="disetujui").exists()
                 and atasan_for(p) is not None)
    atasan = atasan_for(staff)
    koefisien = aturan_berlaku().koefisien[staff.jabatan.jenjang].koefisien

    # The Admin BKD imports the employee's PAK konversi.
    bkd = _session(browser, live_server, demo["admin_bkd"], width=1200)
    csv = tmp_path / "pak.csv"
    csv.write_text("nip,jenis,per_tanggal,nilai,jenjang,nomor_sk,tanggal_sk\n"
                   f"{staff.nip},konversi,31-12-2025,\"95,5\",{staff.jabatan.get_jenjang_display()},"
                   "800.1.13/0999/BKD/2026,20-01-2026\n")
    bkd.goto(f"{live_server.url}/kelola/impor/")
    bkd.get_by_label("Data yang akan diimpor").select_option("pak")
    bkd.locator("input[type=file]").set_input_files(str(csv))
    bkd.get_by_role("button", name="Periksa berkas").click()
    assert "Baru: 1" in bkd.locator("body").inner_text()
    bkd.get_by_role("button", name="Impor sekarang").click()
    bkd.wait_for_selector(".alert-success")

    # The atasan finalises the year's evaluation: "as expected" everywhere, predikat Baik.
    boss = _session(browser, live_server, atasan.nip, width=1200)
    boss.goto(f"{live_server.url}/evaluasi/nilai/{staff.pk}/2026/0/")
    boss.get_by_role("button", name="Mulai evaluasi").click()
    for n in range(1, 8):
        boss.locator(f"select[name=perilaku_{n}]").select_option("sesuai")
    rating = boss.locator("select[name=rating_hasil]")
    if rating.input_value() != "sesuai":
        rating.select_option("sesuai")
        if boss.locator("textarea[name=alasan_rating]").is_visible():
            boss.locator("textarea[name=alasan_rating]").fill("Sesuai target tahunan")
    boss.locator("select[name=rating_perilaku]").select_option("sesuai")
    boss.get_by_role("button", name="Finalkan: predikat ditetapkan").click()
    boss.wait_for_selector("#predikat")
    assert Evaluasi.objects.get(pegawai=staff, nomor=0).predikat == "baik"

    # The worker converts it: 100% x the level's coefficient for the 12 months of 2026.
    page = _session(browser, live_server, staff.nip, width=1200)
    expected = Decimal("95.5") + koefisien
    shown = f"{expected:.3f}".replace(".", ",")
    for _attempt in range(40):
        page.goto(f"{live_server.url}/angka-kredit/")
        if page.locator("#konversi tbody tr td", has_text="Baik").count():
            break
        page.wait_for_timeout(500)
    assert page.locator("#saldo").inner_text().strip() == shown
    assert AngkaKredit.objects.get(pegawai=staff).bulan == 12
    rank = page.locator("#syarat-pangkat").inner_text()
    assert "Angka kredit untuk pangkat berikutnya" in rank
    assert "Dibutuhkan evaluasi tahunan final dua tahun berturut-turut" in rank
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "angka-kredit-pegawai.png"), full_page=True)

    # The Admin BKD issues the PAK; its QR code opens the verification page.
    bkd.goto(f"{live_server.url}/angka-kredit/{staff.pk}/")
    bkd.get_by_label("Nomor PAK").fill("800.1.13/1001/BKD/2026")
    with bkd.expect_download() as download:
        bkd.locator("#terbitkan-pak").click()
    reader = PdfReader(io.BytesIO(Path(download.value.path()).read_bytes()))
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert "PENETAPAN ANGKA KREDIT" in text and staff.nip in text and shown in text
    assert "Nomor: 800.1.13/1001/BKD/2026" in text
    link = next(a.get_object()["/A"]["/URI"] for p in reader.pages
                for a in p.get("/Annots", []) if "/A" in a.get_object())
    verify = _session(browser, live_server, staff.nip, width=1200)
    verify.goto(link)
    assert staff.nama in verify.locator("body").inner_text()
    assert Dokumen.objects.get(jenis="pak").pegawai == staff
    # Closed before the worker's fixture ends: a page left polling meets its database gone.
    for opened in (bkd, boss, page, verify):
        opened.context.close()
