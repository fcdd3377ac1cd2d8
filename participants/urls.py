from django.urls import path

from participants import views

app_name = "participants"

urlpatterns = [
    path("certificates/<int:pk>/scan/", views.certificate_scan, name="certificate_scan"),
    path("notes/new/", views.note_quick, name="note_quick"),
    path("attendance/", views.attendance_grid, name="attendance"),
    path("attendance/sheet/", views.attendance_sheet, name="attendance_sheet"),
    path("allowance/", views.allowance_month, name="allowance"),
    path("allowance/list/", views.allowance_list, name="allowance_list"),
    path("import/", views.import_participants, name="import"),
    path("import/runs/", views.import_runs_list, name="import_runs"),
    path("import/runs/<str:run>/", views.import_run, name="import_run"),
    path("annual-report/", views.annual_report_view, name="annual_report"),
    path("annual-report/xlsx/", views.annual_report_xlsx, name="annual_report_xlsx"),
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
