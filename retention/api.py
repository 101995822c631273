"""REST API of the Retention app (mounted under /api/).

Staff read the schedule and the purge log. The platform's account settings set a customer's shorter
campaign windows through the `customers/...` endpoints, authenticated with the DRF token of a platform
service account that holds `retention.act_for_customers` (see the README, "The customer API").
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.urls import path, re_path
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from callnex_compliance.api_router import Router
from callnex_compliance.platform_data.models import Campaign, Customer

from . import selectors, services
from .models import CAMPAIGN_CATEGORIES, PurgeRun, RetentionPolicy
from .serializers import (
    PurgeRunSerializer,
    RequestedBySerializer,
    RetentionPolicySerializer,
    RetentionWindowChangeSerializer,
    RetentionWindowSerializer,
)


class RetentionPolicyViewSet(viewsets.ReadOnlyModelViewSet):
    """The retention schedule: one policy per data category."""

    queryset = RetentionPolicy.objects.all()
    serializer_class = RetentionPolicySerializer
    lookup_field = "category"
    filterset_fields = ["role", "action"]


class PurgeRunViewSet(viewsets.ReadOnlyModelViewSet):
    """The purge log with per-category counts, newest first."""

    queryset = PurgeRun.objects.prefetch_related("results")
    serializer_class = PurgeRunSerializer
    filterset_fields = ["status", "trigger"]


class ActsForCustomers(BasePermission):
    """Allow an active account holding `retention.act_for_customers` (the platform's service account)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_active and user.has_perm("retention.act_for_customers"))


class PerCustomerThrottle(ScopedRateThrottle):
    """Apply the `customer_api` rate per customer, so one busy customer cannot use up the others' calls."""

    def get_cache_key(self, request, view):
        key = super().get_cache_key(request, view)
        return key and f"{key}:customer:{view.kwargs.get('customer_id')}"


class CustomerApi:
    authentication_classes = [TokenAuthentication]
    permission_classes = [ActsForCustomers]
    throttle_classes = [PerCustomerThrottle]
    throttle_scope = "customer_api"
    filter_backends: list = []


class RetentionWindowList(CustomerApi, generics.ListAPIView):
    """List the shorter windows set on a customer's campaigns."""

    serializer_class = RetentionWindowSerializer

    def get_queryset(self):
        customer = get_object_or_404(Customer, pk=self.kwargs["customer_id"])
        return selectors.overrides_of_customer(customer_id=customer.pk)


class RetentionWindowDetail(CustomerApi, APIView):
    """Set or remove a campaign's shorter window for one category, on the customer's behalf."""

    def _campaign(self, customer_id: int, campaign_id: int) -> Campaign:
        # `customer__pk`, not `customer_id`: only the former turns an id beyond the database's integers into a 404
        # (Django guards integer lookups against overflow, not foreign-key ones; SQLite raises OverflowError).
        return get_object_or_404(Campaign, pk=campaign_id, customer__pk=customer_id)

    @extend_schema(request=RetentionWindowChangeSerializer, responses=RetentionWindowSerializer)
    def put(self, request, customer_id: int, campaign_id: int, category: str):
        campaign = self._campaign(customer_id, campaign_id)
        change = RetentionWindowChangeSerializer(data=request.data)
        change.is_valid(raise_exception=True)
        try:
            override = services.retention_override_set(
                campaign=campaign, category=category, user=request.user, **change.validated_data
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from exc
        return Response(RetentionWindowSerializer(override).data)

    @extend_schema(
        parameters=[OpenApiParameter("requested_by", str, required=True, description="Opaque id of who asked.")],
        responses={204: None},
    )
    def delete(self, request, customer_id: int, campaign_id: int, category: str):
        campaign = self._campaign(customer_id, campaign_id)
        asked = RequestedBySerializer(data=request.query_params)
        asked.is_valid(raise_exception=True)
        services.retention_override_clear(
            campaign=campaign, category=category, user=request.user, **asked.validated_data
        )
        return Response(status=status.HTTP_204_NO_CONTENT)


CATEGORY_PATTERN = "|".join(CAMPAIGN_CATEGORIES)

router = Router()
router.register("retention-policies", RetentionPolicyViewSet, basename="retention-policy")
router.register("purge-runs", PurgeRunViewSet, basename="purge-run")
urlpatterns = [
    *router.urls,
    path(
        "customers/<int:customer_id>/retention-windows/",
        RetentionWindowList.as_view(),
        name="retention-window-list",
    ),
    re_path(
        rf"^customers/(?P<customer_id>[0-9]+)/campaigns/(?P<campaign_id>[0-9]+)/retention-windows/"
        rf"(?P<category>{CATEGORY_PATTERN})/$",
        RetentionWindowDetail.as_view(),
        name="retention-window-detail",
    ),
]
