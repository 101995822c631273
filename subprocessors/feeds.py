"""The Atom feed of sub-processor changes: public fields only, in the language of its URL prefix."""

from django.contrib.syndication.views import Feed
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.formats import date_format
from django.utils.translation import gettext

from callnex_compliance.platform_data.models import OrganisationProfile

from .models import SubprocessorChange
from .selectors import public_changes

FEED_LENGTH = 50


class ChangeFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs) -> OrganisationProfile:
        return OrganisationProfile.get_solo()

    def title(self, organisation: OrganisationProfile) -> str:
        return gettext("%(name)s sub-processor changes") % {"name": organisation.legal_name}

    def subtitle(self, organisation: OrganisationProfile) -> str:
        return gettext("New sub-processors are announced at least %(days)s days before use.") % {
            "days": organisation.subprocessor_notice_days
        }

    def link(self) -> str:
        return reverse("subprocessors:subprocessor-list")

    def items(self):
        return public_changes()[:FEED_LENGTH]

    def item_title(self, item: SubprocessorChange) -> str:
        return gettext("%(kind)s: %(name)s (effective %(date)s)") % {
            "kind": item.get_kind_display(),
            "name": item.subprocessor.public_name,
            "date": date_format(item.effective_from, "j F Y"),
        }

    def item_description(self, item: SubprocessorChange) -> str:
        return render_to_string("subprocessors/feed_item.html", {"change": item, "subprocessor": item.subprocessor})

    def item_link(self, item: SubprocessorChange) -> str:
        return f"{reverse('subprocessors:subprocessor-list')}#change-{item.pk}"

    def item_pubdate(self, item: SubprocessorChange):
        return item.announced_at

    def item_updateddate(self, item: SubprocessorChange):
        return item.applied_at or item.announced_at
