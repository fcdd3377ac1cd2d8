from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api import LogoutAllView, LogoutView, ObtainTokenView
from config import views
from config.api import router
from paths import views as path_views
from reports.api import ReportView

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", path_views.search, name="search"),
    path("accounts/", include("accounts.urls")),
    path("admin/", admin.site.urls),
    path("reports/", include("reports.urls")),
    path("participants/", include("paths.urls")),
    path("participants/", include("participants.urls")),
    path("employment/", include("employment.urls")),
    path("coop/", include("coop.urls")),
    # The compliance page's first address, kept for bookmarks.
    path(
        "employment/compliance/",
        RedirectView.as_view(pattern_name="coop:compliance", permanent=True, query_string=True),
    ),
    path("api/v1/auth/token/", ObtainTokenView.as_view(), name="api-token"),
    path("api/v1/auth/logout/", LogoutView.as_view(), name="api-logout"),
    path("api/v1/auth/logout-all/", LogoutAllView.as_view(), name="api-logout-all"),
    path("api/v1/reports/", ReportView.as_view(), name="api-reports"),
    path("api/v1/", include(router.urls)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
]

handler500 = views.server_error
