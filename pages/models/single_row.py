from django.db import models


class SingleRow(models.Model):
    """Settings kept in one row (pk 1), named by the model's verbose name."""

    class Meta:
        abstract = True

    def __str__(self):
        return str(self._meta.verbose_name).capitalize()

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]
