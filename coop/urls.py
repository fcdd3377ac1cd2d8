from django.urls import path

from coop import views

app_name = "coop"

urlpatterns = [
    path("compliance/", views.compliance_view, name="compliance"),
]
