"""Back up the database and the uploaded files as one consistent set (see ekinerja.cadangan).

    python manage.py backup /srv/cadangan
"""

from django.core.management.base import BaseCommand, CommandError

from ekinerja.cadangan import BackupError, backup_create


class Command(BaseCommand):
    help = ("Back up PostgreSQL (pg_dump, custom format) and the files in MEDIA_ROOT that the "
            "database refers to, with a manifest of checksums, into a new folder under DIR.")

    def add_arguments(self, parser):
        parser.add_argument("tujuan", metavar="DIR")
        parser.add_argument("--media-root", help="default: MEDIA_ROOT")

    def handle(self, *args, tujuan, media_root, **options):
        try:
            folder, _manifest = backup_create(tujuan=tujuan, media_root=media_root,
                                              stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(self.style.SUCCESS(str(folder)))
