from django.contrib import admin

from reviews.models import Review


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["generation", "reviewer", "guest_name", "decision", "comment", "created"]
    list_filter = ["decision"]
