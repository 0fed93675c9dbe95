"""Loads voluntary self-identification from an HR system's CSV, for audits of historical data."""
from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from screening import services
from screening.services.audit_self_id import IMPORT_COLUMNS, RACE_ETHNICITY_CODES, SEX_CODES, SelfIdImportRefused


class Command(BaseCommand):
    help = (
        f"Import self-identification: a CSV with the columns {','.join(IMPORT_COLUMNS)}; sex one of "
        f"{', '.join(SEX_CODES)}; race_ethnicity one of {', '.join(RACE_ETHNICITY_CODES)}. Any other value refuses "
        "the whole file, with the line numbers; a later row for the same application replaces an earlier one."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args, file: str, **options):
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CommandError(f"No file {file}.") from None
        except UnicodeDecodeError:
            raise CommandError("The file is not UTF-8 text.") from None
        try:
            report = services.self_id_import(text=text)
        except SelfIdImportRefused as exc:
            raise CommandError(
                f"Nothing imported: {len(exc.problems)} problem{'s' if len(exc.problems) != 1 else ''}.\n"
                + "\n".join(exc.messages)
            ) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported self-identification for {report.applications} application(s) from {report.rows} row(s)"
                f" ({report.replaced_in_file} replaced by a later row in the file,"
                f" {report.replaced_stored} replacing answers stored before)."
            )
        )
