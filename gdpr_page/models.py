"""Published versions of the public GDPR page: frozen, numbered, never changed or deleted.

A version keeps the structured content it was rendered from (all languages), the rendered HTML per
language, a fingerprint of the content (to tell whether the registers have moved on since), and the
readable diff of its English text against the previous version. Publishing is a service.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q


class PageVersionQuerySet(models.QuerySet):
    def latest_published(self) -> "PageVersion | None":
        return self.order_by("-number").first()


class PageVersion(models.Model):
    """One published version of /gdpr/, as its readers saw it."""

    number = models.PositiveIntegerField(unique=True, editable=False)
    published_at = models.DateTimeField(editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False
    )
    note = models.CharField(max_length=300, blank=True, help_text="What changed, in a line (optional).")
    content = models.JSONField(editable=False, help_text="The structured content, every language.")
    html = models.JSONField(editable=False, help_text="The rendered page body per language code.")
    text = models.TextField(editable=False, help_text="The rendered English text the diff compares.")
    fingerprint = models.CharField(max_length=64, editable=False)
    diff = models.TextField(editable=False, blank=True, help_text="Changes since the previous version.")

    objects = PageVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = "published GDPR page version"
        # Versions are immutable: no add, change or delete permission exists; `publish` is the DPC's act.
        default_permissions = ("change", "view")
        permissions = [("publish_pageversion", "Can publish the public GDPR page")]
        constraints = [
            models.CheckConstraint(condition=Q(number__gte=1), name="gdpr_page_version_number_positive"),
        ]

    def __str__(self) -> str:
        return f"GDPR page version {self.number} ({self.published_at:%d %b %Y})"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("gdpr_page:version-detail", args=[self.number])
