"""A phone loses its connection at the end of the day: the day page still opens (kept by the
service worker), activities saved meanwhile wait in the phone's queue with their status,
nothing reaches the server until the connection is back, then the queue is sent. One item
is sent twice (the server saved it but the answer was lost on the way back) and is saved
once; one is refused by a rule and comes back with its reason, to be corrected and saved.
The screenshots of each step are kept in docs/luring/ (the issue's record of the journey)."""

import datetime as dt
import re
from pathlib import Path

from django.utils import timezone
from playwright.sync_api import expect

from ekinerja.models import KunciKiriman
from kinerja.models import Aktivitas, UraianTugas

from ..factories import PASSWORD
from ..kinerja.conftest import tahun  # noqa: F401
from .conftest import WORKER
from .test_login_journey import log_in

GAMBAR = Path(__file__).resolve().parents[2] / "docs" / "luring"


def _foto(page, nama):
    GAMBAR.mkdir(exist_ok=True)
    page.screenshot(path=str(GAMBAR / f"{nama}.png"), full_page=True)


def _isi(page, mulai, selesai, uraian):
    page.locator("[name=kategori]").select_option("tugas_tambahan")
    page.get_by_label("Mulai").fill(mulai)
    page.get_by_label("Selesai").fill(selesai)
    page.get_by_label("Uraian aktivitas").fill(uraian)
    page.get_by_role("button", name="Simpan sebagai draf").click()


def test_a_day_saved_offline_is_sent_once_when_the_connection_is_back(
        page, live_server, tahun, pegawai):  # noqa: F811
    hari_ini = timezone.localdate()
    UraianTugas.objects.create(jabatan=pegawai.jabatan, uraian="Menyusun notula rapat",
                               satuan_output="notula", menit_standar=90)
    # The phone's clock, as the server's (pinned): the time it records an entry at.
    page.clock.set_fixed_time(timezone.now() + dt.timedelta(minutes=2))
    log_in(page, live_server, pegawai.nip, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/aktivitas/")
    assert page.evaluate(WORKER).endswith("/sw.js")
    page.reload()  # now through the worker, which keeps the day page
    assert page.evaluate("navigator.serviceWorker.controller !== null")
    cdp = page.context.new_cdp_session(page)
    # Installable: Chromium finds nothing missing (manifest, icons, worker), but that a
    # test's browser context is private, where nothing is ever installed.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors] == ["in-incognito"]
    _foto(page, "1-hari-daring")

    # The connection drops. Meanwhile the person recorded something from the office PC.
    page.context.set_offline(True)
    Aktivitas.objects.create(pegawai=pegawai, tanggal=hari_ini, mulai=dt.time(10),
                             selesai=dt.time(11), menit=60, uraian="Rapat dari PC kantor",
                             kategori="tugas_tambahan")
    page.goto(f"{live_server.url}/aktivitas/")  # kept on the phone
    assert page.locator("#antrean").get_attribute("data-dari-ponsel") == "1"
    # The catalogue works offline too: the task fills the description and the end.
    page.locator("#pilih-tugas select").select_option(label="Menyusun notula rapat (90 mnt)")
    page.locator("#pilih-tugas").get_by_role("button").click()
    expect(page.get_by_label("Selesai")).to_have_value("09:00")  # 07:30 + 90 minutes
    assert page.get_by_label("Uraian aktivitas").input_value() == "Menyusun notula rapat"
    page.get_by_label("Mulai").fill("08:00")
    page.get_by_label("Selesai").fill("09:30")
    page.locator("[name=kategori]").select_option("tugas_tambahan")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    antrean = page.locator("#antrean")
    expect(antrean).to_be_visible()
    # Whether the phone knows it is offline or only finds the server out of reach.
    expect(page.locator("#antrean-keadaan")).to_contain_text(
        re.compile("Tidak ada sambungan|Server belum dapat dihubungi"))
    _isi(page, "10:30", "11:30", "Mengunjungi kantor cabang")
    items = page.locator(".antrean-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("menunggu dikirim")
    expect(items.first).to_contain_text("Menyusun notula rapat")
    _foto(page, "2-antrean-luring")
    assert Aktivitas.objects.count() == 1  # nothing reached the server while offline
    assert not KunciKiriman.objects.exists()

    # Back online: the first send reaches the server, but its answer is lost; the page
    # then finds the server out of reach until the test lets it through again.
    lost = []

    def answer_lost(route):
        if not lost:
            lost.append(route.fetch().status)
        route.abort("connectionreset")

    page.route("**/aktivitas/antrean/", answer_lost)
    page.context.set_offline(False)  # the page sends on "online", and retries every 2 s
    for _ in range(100):
        if lost:
            break
        page.wait_for_timeout(100)
    assert lost == [201]
    assert Aktivitas.objects.filter(uraian="Menyusun notula rapat").count() == 1
    expect(page.locator("#antrean-keadaan")).to_contain_text("belum dapat dihubungi")
    expect(items).to_have_count(2)  # the phone did not hear back: both still queued
    _foto(page, "3-jawaban-hilang")
    page.unroute("**/aktivitas/antrean/")

    # Sent again: saved once; the other is refused by a rule and says why.
    page.get_by_role("button", name="Kirim sekarang").click()
    expect(page.locator("#antrean-keadaan")).to_contain_text("1 aktivitas terkirim")
    expect(items).to_have_count(1)
    refused = items.first
    expect(refused).to_contain_text("Ditolak server")
    expect(refused).to_contain_text("tumpang tindih")
    expect(page.locator("#linimasa")).to_contain_text("Menyusun notula rapat")
    expect(page.locator("#linimasa")).to_contain_text("Dicatat luring di ponsel")
    assert Aktivitas.objects.filter(uraian="Menyusun notula rapat").count() == 1
    _foto(page, "4-terkirim-dan-ditolak")

    # Corrected in the form and saved.
    refused.get_by_role("button", name="Perbaiki").click()
    expect(items).to_have_count(0)
    assert page.get_by_label("Uraian aktivitas").input_value() == "Mengunjungi kantor cabang"
    page.get_by_label("Mulai").fill("13:00")
    page.get_by_label("Selesai").fill("14:00")
    page.get_by_role("button", name="Simpan sebagai draf").click()
    expect(page.locator("#linimasa")).to_contain_text("Mengunjungi kantor cabang")
    assert sorted(Aktivitas.objects.values_list("uraian", flat=True)) == [
        "Mengunjungi kantor cabang", "Menyusun notula rapat", "Rapat dari PC kantor"]
    assert Aktivitas.objects.get(uraian="Menyusun notula rapat").uraian_tugas is not None
    _foto(page, "5-diperbaiki")

    # Logging out leaves nothing of the person on the phone.
    assert page.evaluate("caches.keys()")
    page.get_by_role("button", name="Menu").click()
    page.wait_for_selector("#nav.collapse.show")
    page.locator("#nav .dropdown-toggle").last.click()
    page.get_by_role("button", name="Keluar").click()
    page.wait_for_url(f"{live_server.url}/masuk/")
    assert "ekinerja-halaman" not in page.evaluate("caches.keys()")


ANTREAN_JUMLAH = """() => new Promise((ok) => {
  const req = indexedDB.open("ekinerja-luring");
  req.onsuccess = () => {
    const all = req.result.transaction("antrean").objectStore("antrean").getAll();
    all.onsuccess = () => { ok(all.result.length); req.result.close(); };
  };
})"""


def test_logging_out_with_unsent_work_asks_and_then_leaves_nothing(
        page, live_server, tahun, pegawai):  # noqa: F811
    log_in(page, live_server, pegawai.nip, PASSWORD)
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/aktivitas/")
    assert page.evaluate(WORKER).endswith("/sw.js")
    page.reload()
    page.route("**/aktivitas/antrean/", lambda route: route.abort("connectionrefused"))
    page.context.set_offline(True)
    # The next morning, still offline: "my day" comes from the phone, kept yesterday; what
    # is saved on it is dated today, and the page says so.
    besok = timezone.localdate() + dt.timedelta(days=1)
    page.clock.set_fixed_time(dt.datetime.combine(besok, dt.time(8),
                                                  timezone.get_current_timezone()))
    page.goto(f"{live_server.url}/aktivitas/")
    expect(page.get_by_label("Tanggal")).to_have_value(besok.isoformat())
    expect(page.locator("#antrean-tanggal")).to_contain_text("bertanggal hari ini")
    _isi(page, "08:00", "09:00", "Menyusun notula rapat")
    expect(page.locator(".antrean-item")).to_have_count(1)
    page.context.set_offline(False)  # the server stays out of reach (the route)
    assert page.evaluate(ANTREAN_JUMLAH) == 1

    def log_out_asked(answer):
        asked = []

        def dialog(d):
            asked.append(d.message)
            d.accept() if answer else d.dismiss()

        page.once("dialog", dialog)
        page.get_by_role("button", name="Menu").click()
        page.wait_for_selector("#nav.collapse.show")
        page.locator("#nav .dropdown-toggle").last.click()
        page.get_by_role("button", name="Keluar").click()
        for _ in range(50):  # the question comes once the phone's queue is read
            if asked:
                break
            page.wait_for_timeout(100)
        return asked

    asked = log_out_asked(False)
    expect(page.locator(".antrean-item")).to_have_count(1)  # still here, still logged in
    assert asked and "1 aktivitas" in asked[0] and "belum terkirim" in asked[0]
    assert page.url.endswith("/aktivitas/")
    page.reload()
    assert log_out_asked(True)
    page.wait_for_url(f"{live_server.url}/masuk/")
    assert page.evaluate(ANTREAN_JUMLAH) == 0
    kept = page.evaluate("caches.keys()")
    assert "ekinerja-halaman" not in kept  # the person's pages; the static files stay
    assert [name for name in kept if name.startswith("ekinerja-statis-")]
