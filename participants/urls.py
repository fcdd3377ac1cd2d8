from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("certificates/<int:pk>/scan/", views.certificate_scan, name="certificate_scan"),
    path("notes/new/", views.note_quick, name="note_quick"),
    path("attendance/", views.attendance_grid, name="attendance"),
    path("allowance/", views.allowance_month, name="allowance"),
]
