from django.apps import AppConfig


class ProcesslogsConfig(AppConfig):
    name = "loket.processlogs"
    label = "processlogs"
    verbose_name = "Process logs"
