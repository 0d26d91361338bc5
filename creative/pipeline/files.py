"""Files a worker wrote for a result another worker recorded first (a task queued twice)."""

from __future__ import annotations

from django.db.models.fields.files import FieldFile

from creative.models import Generation


def losing_copy_discard(generation_id: int, file: FieldFile) -> None:
    """Delete the file this worker wrote, unless the row names that same file.

    The file system gives a second save under a taken name a new name, so the losing copy is separate;
    S3 (django-storages' default) overwrites the key, so the losing copy *is* the kept file.
    """
    kept = Generation.objects.filter(id=generation_id).values_list(file.field.name, flat=True).first()
    if file.name and file.name != kept:
        file.delete(save=False)
