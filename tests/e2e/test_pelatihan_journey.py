"""An employee records a training with its certificate on a phone; the Admin BKD verifies
it with a JP correction; the employee's JP tracker moves."""

import datetime as dt
from pathlib import Path

from django.utils import timezone

from ekinerja.models import Pegawai
from pelatihan.models import Partisipasi
from pelatihan.selectors import jp_tahun

from ..kinerja import files
from .conftest import panduan
from .test_aktivitas_journey import _session

SHOTS = Path(__file__).parent / "artifacts"


def _tracker(page):
    return page.locator("#jp-tahun h2").inner_text()


def test_certificate_verified_with_a_correction_moves_the_tracker(browser, live_server, demo,
                                                                    tmp_path):
    pegawai = Pegawai.objects.get(nip=demo["pegawai"])
    year = timezone.localdate().year
    before = jp_tahun(pegawai, year)["dihitung"]
    certificate = tmp_path / "sertifikat.pdf"
    certificate.write_bytes(files.pdf())
    end = timezone.localdate() - dt.timedelta(days=1)
    if end.year != year:  # on 1 January, yesterday's training counts last year
        end = timezone.localdate()

    page = _session(browser, live_server, pegawai.nip)
    page.goto(f"{live_server.url}/pelatihan/")
    assert f"{before} / 20" in _tracker(page)
    page.get_by_role("link", name="Catat pelatihan").click()
    page.locator("input[name=nama]").fill("Bimtek Tata Naskah Dinas Elektronik")
    page.locator("select[name=jalur]").select_option(label="KL10 Bimbingan teknis")
    page.locator("input[name=penyelenggara]").fill("Biro Umum Setda Provinsi Jambi")
    page.locator("input[name=mulai]").fill((end - dt.timedelta(days=1)).isoformat())
    page.locator("input[name=selesai]").fill(end.isoformat())
    page.locator("input[name=jp_klaim]").fill("20")
    page.locator("input[name=nomor_sertifikat]").fill("BIRO-UMUM/TND/2026/031")
    page.locator("input[name=berkas]").set_input_files(str(certificate))
    panduan(page, "sertifikat")
    page.get_by_role("button", name="Simpan").click()
    page.wait_for_url(f"{live_server.url}/pelatihan/")
    assert "Tercatat" in page.content()
    assert f"{before} / 20" in _tracker(page)  # not verified yet
    claim = Partisipasi.objects.get(nomor_sertifikat="BIRO-UMUM/TND/2026/031")

    bkd = _session(browser, live_server, demo["admin_bkd"], width=1200)
    bkd.goto(f"{live_server.url}/pelatihan/verifikasi/")
    row = bkd.locator(f"#partisipasi-{claim.pk}")
    assert "Bimtek Tata Naskah Dinas Elektronik" in row.inner_text()
    shown = bkd.request.get(f"{live_server.url}/pelatihan/{claim.pk}/sertifikat/")
    assert shown.status == 200 and shown.body().startswith(b"%PDF")
    row.locator("input[name=jp_diakui]").fill("14")
    row.locator("input[name=catatan]").fill("Hari kedua hanya setengah hari")
    row.get_by_role("button", name="Verifikasi").click()
    bkd.wait_for_load_state()
    assert "Terverifikasi" in bkd.content() or "Diverifikasi" in bkd.content()
    assert bkd.locator(f"#partisipasi-{claim.pk}").count() == 0
    SHOTS.mkdir(exist_ok=True)
    bkd.screenshot(path=str(SHOTS / "pelatihan-verifikasi.png"), full_page=True)

    page.reload()
    assert f"{before + 14} / 20" in _tracker(page)
    assert "Hari kedua hanya setengah hari" in page.content()
    page.screenshot(path=str(SHOTS / "pelatihan-saya.png"), full_page=True)
    bkd.context.close()
    page.context.close()
