from django.urls import path

from coop import views

app_name = "coop"

urlpatterns = [
    path("compliance/", views.compliance_view, name="compliance"),
    path("subsidy/", views.subsidy_view, name="subsidy"),
    path("subsidy/xlsx/", views.subsidy_xlsx, name="subsidy-xlsx"),
]
