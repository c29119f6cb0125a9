from django.contrib import admin

from loket.processlogs.models import ProcessLog


@admin.register(ProcessLog)
class ProcessLogAdmin(admin.ModelAdmin[ProcessLog]):
    list_display = ["name", "source_file", "imported_at"]
    readonly_fields = ["name", "source_file", "imported_at"]
