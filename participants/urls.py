from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("certificates/<int:pk>/scan/", views.certificate_scan, name="certificate_scan"),
    path("notes/new/", views.note_quick, name="note_quick"),
    path("attendance/", views.attendance_grid, name="attendance"),
    path("allowance/", views.allowance_month, name="allowance"),
    path("import/", views.import_participants, name="import"),
    path(
        "import/template.xlsx",
        views.import_template,
        {"file_format": "xlsx"},
        name="import_template_xlsx",
    ),
    path(
        "import/template.csv",
        views.import_template,
        {"file_format": "csv"},
        name="import_template_csv",
    ),
]
