"""Check the audit chain: prints what was checked and the first broken entry; exits 1 when
the chain is broken (for monitoring)."""

import sys

from django.core.management.base import BaseCommand

from ekinerja.audit import audit_periksa


class Command(BaseCommand):
    help = "Check the audit log's chain of seals and report the first broken entry."

    def handle(self, *args, **options):
        check = audit_periksa()
        hasil = check.hasil
        self.stdout.write(f"entries checked: {hasil['diperiksa']}, head: "
                          f"{hasil['urutan_kepala']} {hasil['kepala']}, unsealed past the "
                          f"grace: {hasil['tanpa_segel']}")
        if check.utuh:
            self.stdout.write(self.style.SUCCESS("chain intact"))
            return
        broken = hasil["rusak"]
        self.stdout.write(self.style.ERROR(
            f"chain broken: {broken['alasan']} at entry id={broken['id']} "
            f"place={broken['urutan']}"))
        sys.exit(1)
