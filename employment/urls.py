from django.urls import path

from employment import views

app_name = "employment"

urlpatterns = [
    path("waivers/<int:pk>/document/", views.waiver_document, name="waiver_document"),
]
