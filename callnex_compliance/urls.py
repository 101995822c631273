"""Root URL configuration: admin, public pages, the REST API and its OpenAPI schema."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from callnex_compliance.audit_views import audit_trail_view
from callnex_compliance.platform_data import views as platform_views

api_patterns = [
    path("", include("rights_requests.api")),
    path("", include("legal_basis.api")),
    path("", include("retention.api")),
    path("", include("subprocessors.api")),
    path("", include("breaches.api")),
]

# Every public page, once per language: /en/…, /nl/…, /fr/… (callnex_compliance/i18n.py redirects old
# unprefixed URLs). Add a new public app's URLs here, e.g. path("", include("gdpr_page.urls")).
public_patterns = [
    # The public sub-processor page is the most requested URL: resolved first, before the home page.
    path("", include("subprocessors.urls")),
    path("", include("gdpr_page.urls")),
    path("", platform_views.home, name="home"),
]

urlpatterns = [
    path("", include("subprocessors.staff_urls")),
    path("healthz", platform_views.healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url=f"/{settings.STATIC_URL.strip('/')}/favicon.svg")),
    path(
        "staff/recordings/<int:pk>/download/",
        platform_views.recording_download,
        name="recording-download",
    ),
    path("admin/audit/", admin.site.admin_view(audit_trail_view), name="audit-trail"),
    path("admin/", admin.site.urls),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("", include("rights_requests.urls")),
    path("", include("legal_basis.urls")),
    path("", include("retention.urls")),
    *i18n_patterns(*public_patterns, prefix_default_language=True),
]

handler403 = "callnex_compliance.errors.permission_denied"
