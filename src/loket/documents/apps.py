from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "loket.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        from loket.documents import checks  # noqa: F401  (registers the system check)
