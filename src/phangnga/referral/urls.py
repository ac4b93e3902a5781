from django.urls import path

from . import views, views_dialysis

app_name = "referral"

urlpatterns = [
    path("referral/", views.home, name="home"),
    path("referral/new/", views.new, name="new"),
    path("referral/queue/", views.queue, name="queue"),
    path("referral/follow-up/", views.follow_up, name="follow_up"),
    path("referral/follow-up/<int:task_id>/done/", views.task_done, name="task_done"),
    path("referral/fuel/", views.fuel, name="fuel"),
    path("referral/fuel/<int:trip_id>/approve/", views.fuel_approve, name="fuel_approve"),
    path("referral/dialysis/", views_dialysis.dialysis_page, name="dialysis"),
    path("referral/dialysis/trip/<int:trip_id>/", views_dialysis.dialysis_attend, name="dialysis_attend"),
    path(
        "referral/dialysis/<int:enrolment_id>/schedule/", views_dialysis.dialysis_edit, name="dialysis_edit"
    ),
    path("referral/savings/", views.savings, name="savings"),
    path("referral/<int:referral_id>/", views.detail, name="detail"),
    path("referral/<int:referral_id>/live/", views.live, name="live"),
    path("referral/<int:referral_id>/event/", views.event, name="event"),
    path("referral/<int:referral_id>/fuel/", views.fuel_propose, name="fuel_propose"),
]
