"""The screening app: jobs, candidates, resumes, competency profiles, scores."""
from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Screening"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from screening.selectors.search import register_sqlite_functions

        connection_created.connect(register_sqlite_functions, dispatch_uid="screening_sqlite_functions")
