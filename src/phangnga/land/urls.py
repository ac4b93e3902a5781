from django.urls import path

from . import views

app_name = "land"

urlpatterns = [
    path("land/", views.home, name="home"),
    path("land/<int:pk>/", views.project_detail, name="project"),
    path("land/<int:pk>/plan/", views.plan, name="plan"),
    path("land/<int:pk>/plan/recompute", views.plan_recompute, name="plan_recompute"),
    path("land/<int:pk>/plan/save", views.plan_save, name="plan_save"),
    path("land/<int:pk>/participation/", views.participation, name="participation"),
    path("land/<int:pk>/import/", views.import_page, name="import"),
    path("land/<int:pk>/parcels/<int:parcel_id>/statement.pdf", views.statement_pdf, name="statement"),
    path("land/<int:pk>/<str:which>.geojson", views.geojson, name="geojson"),
]
