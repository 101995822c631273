"""Keep the public page's ETag fresh: any save or delete that the page shows forgets the cached stamp."""

from django.db.models.signals import post_delete, post_save

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import Subprocessor, SubprocessorChange
from .selectors import public_stamp_forget


def _forget_public_stamp(sender, **kwargs) -> None:
    public_stamp_forget()


def connect() -> None:
    for model in (Subprocessor, SubprocessorChange, OrganisationProfile):
        post_save.connect(_forget_public_stamp, sender=model, dispatch_uid=f"subprocessors-stamp-save-{model.__name__}")
        post_delete.connect(
            _forget_public_stamp, sender=model, dispatch_uid=f"subprocessors-stamp-delete-{model.__name__}"
        )
