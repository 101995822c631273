"""Read-only staff REST API of the processing register (mounted under /api/)."""

import django_filters
from rest_framework import viewsets
from rest_framework.filters import SearchFilter

from callnex_compliance.api_router import Router

from .models import LegalBasis, ProcessingActivity
from .selectors import with_record_details
from .serializers import ProcessingActivitySerializer


class ProcessingActivityFilter(django_filters.FilterSet):
    legal_basis = django_filters.ChoiceFilter(
        field_name="legal_bases__basis", choices=LegalBasis.choices, distinct=True, label="Art. 6(1) basis"
    )
    review_due_before = django_filters.DateFilter(field_name="next_review_on", lookup_expr="lte")

    class Meta:
        model = ProcessingActivity
        fields = ["role", "status", "legal_basis", "special_categories", "review_due_before"]


class ProcessingActivityViewSet(viewsets.ReadOnlyModelViewSet):
    """The processing activities of the register, with derived transfers and retention (staff, read-only)."""

    serializer_class = ProcessingActivitySerializer
    filterset_class = ProcessingActivityFilter
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, SearchFilter]
    search_fields = ["name", "purpose"]

    def get_queryset(self):
        return with_record_details(ProcessingActivity.objects.order_by("name"))


router = Router()
router.register("processing-activities", ProcessingActivityViewSet, basename="processing-activity")
urlpatterns = router.urls
