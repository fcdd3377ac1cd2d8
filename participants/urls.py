from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("certificates/<int:pk>/scan/", views.certificate_scan, name="certificate_scan"),
]
