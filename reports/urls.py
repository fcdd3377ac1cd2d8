from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("export/<str:file_format>/", views.export, name="export"),
    path("freeze/", views.freeze_report, name="freeze"),
    path("runs/", views.runs, name="runs"),
    path("runs/<int:pk>/", views.run, name="run"),
    path("runs/<int:pk>/export/<str:file_format>/", views.run_export, name="run-export"),
    path("public/<str:code>/", views.public, name="public"),
    path("print-foot.css", views.print_foot_css, name="print-foot"),
]
