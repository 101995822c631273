"""Public, read-only REST API of the Sub-processors app (mounted under /api/)."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from callnex_compliance.api_router import Router
from callnex_compliance.throttles import ScopedClientIpThrottle

from .models import Subprocessor
from .selectors import public_changes
from .serializers import PublicChangeSerializer, PublicSubprocessorSerializer


class PublicReadOnly:
    """Anyone may read, without logging in; throttled with the `public` scope."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    throttle_classes = [ScopedClientIpThrottle]
    throttle_scope = "public"
    filter_backends: list = []


class SubprocessorViewSet(PublicReadOnly, viewsets.ReadOnlyModelViewSet):
    """Announced (upcoming) and active sub-processors, with their public fields only."""

    serializer_class = PublicSubprocessorSerializer
    queryset = Subprocessor.objects.for_public_display()


class SubprocessorChangeViewSet(PublicReadOnly, viewsets.ReadOnlyModelViewSet):
    """The dated change log: upcoming and past changes, newest first."""

    serializer_class = PublicChangeSerializer
    queryset = public_changes()


router = Router()
router.register("subprocessors", SubprocessorViewSet, basename="public-subprocessor")
router.register("subprocessor-changes", SubprocessorChangeViewSet, basename="public-subprocessor-change")
urlpatterns = router.urls
