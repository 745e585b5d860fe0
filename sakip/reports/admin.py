from django.contrib import admin

from sakip.reports import models


class PrintedFigureInline(admin.TabularInline):
    model = models.PrintedFigure
    extra = 0


@admin.register(models.SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "year", "quarter"]
    inlines = [PrintedFigureInline]
