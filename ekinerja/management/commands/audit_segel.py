"""Seal audit entries left unsealed (a seal lost in a crash): knowingly, after looking at
them, since a row inserted behind the application's back is also unsealed."""

from django.core.management.base import BaseCommand, CommandError

from ekinerja.audit import audit_record, audit_segel
from ekinerja.models import AuditLog, RantaiAudit


class Command(BaseCommand):
    help = "Seal every unsealed audit entry (list them first with --daftar)."

    def add_arguments(self, parser):
        parser.add_argument("--daftar", action="store_true", help="list them, seal nothing")
        parser.add_argument("--semua", action="store_true", help="seal them all")

    def handle(self, *args, daftar=False, semua=False, **options):
        unsealed = AuditLog.objects.filter(urutan__isnull=True).order_by("id")
        if daftar or not semua:
            for row in unsealed[:1000]:
                self.stdout.write(f"{row.pk} {row.waktu:%Y-%m-%d %H:%M:%S} {row.actor_nip} "
                                  f"{row.action} {row.target_repr}")
            if not daftar:
                raise CommandError("Give --semua to seal them (after looking at the list).")
            return
        count = audit_segel(semua=True)
        head = RantaiAudit.objects.get(pk=1)
        audit_record(actor=None, action="audit.segel_manual", target=head,
                     after={"disegel": count})
        self.stdout.write(f"sealed: {count}")
