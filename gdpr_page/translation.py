"""Register texts that appear on public pages, translated per language (django-modeltranslation).

Each field gains `<field>_en`, `<field>_nl` and `<field>_fr` columns; reading `<field>` gives the active
language's text, falling back to English, so existing queries and code keep working unchanged.
Each model's history table gets the same columns (django-simple-history copies every field of the
row it records), so the history keeps who changed which translation, too.
"""

from modeltranslation.translator import TranslationOptions, register

from callnex_compliance.platform_data.models import OrganisationProfile
from legal_basis.models import ProcessingActivity, SecurityMeasure
from retention.models import RetentionPolicy
from subprocessors.models import Subprocessor


@register([ProcessingActivity, ProcessingActivity.history.model])
class ProcessingActivityTranslation(TranslationOptions):
    fields = ("public_title", "public_wording")


@register([SecurityMeasure, SecurityMeasure.history.model])
class SecurityMeasureTranslation(TranslationOptions):
    fields = ("public_summary",)


@register([Subprocessor, Subprocessor.history.model])
class SubprocessorTranslation(TranslationOptions):
    fields = ("purpose",)


@register([RetentionPolicy, RetentionPolicy.history.model])
class RetentionPolicyTranslation(TranslationOptions):
    fields = ("justification",)


@register([OrganisationProfile, OrganisationProfile.history.model])
class OrganisationProfileTranslation(TranslationOptions):
    fields = ("art37_assessment",)
