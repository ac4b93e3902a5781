from django.urls import path

from . import views_ckd, views_queue, views_waiting

app_name = "health"
urlpatterns = [
    path("health/", views_ckd.home, name="home"),
    # Smart Hospital queue
    path("health/queue/", views_queue.facilities, name="facilities"),
    path("health/queue/<slug:code>/", views_queue.desk, name="desk"),
    path("health/queue/<slug:code>/ticket", views_queue.issue, name="issue"),
    path("health/ticket/<str:token>/", views_queue.ticket, name="ticket"),
    path("health/point/<int:pk>/", views_queue.point_page, name="point"),
    path("health/point/<int:pk>/panel", views_queue.point_panel, name="panel"),
    path("health/tv/<slug:code>/", views_queue.tv, name="tv"),
    path("health/tv/<slug:code>/board", views_queue.tv_board, name="tv_board"),
    path("health/q/<str:token>", views_queue.status, name="status"),
    path("health/q/<str:token>/qr.svg", views_queue.qr_svg, name="qr"),
    # waiting times
    path("health/waiting/", views_waiting.waiting, name="waiting"),
    path("health/waiting/import/", views_waiting.waiting_import, name="waiting_import"),
    path("health/waiting/import/jobs/<int:pk>/", views_waiting.waiting_import_job, name="waiting_import_job"),
    # CKD clinic
    path("health/ckd/", views_ckd.registry, name="ckd"),
    path("health/ckd/import/", views_ckd.ckd_import, name="ckd_import"),
    path("health/ckd/import/jobs/<int:pk>/", views_ckd.ckd_import_job, name="ckd_import_job"),
    path("health/ckd/kpi/", views_ckd.kpi, name="kpi"),
    path("health/ckd/overdue/", views_ckd.overdue, name="overdue"),
    path("health/ckd/p/<str:cid>/", views_ckd.patient, name="patient"),
]
