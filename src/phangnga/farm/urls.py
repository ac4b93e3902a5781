from django.urls import path

from . import views, views_disasters

app_name = "farm"
urlpatterns = [
    path("farm/", views.home, name="home"),
    path("farm/households/new", views.household_new, name="household_new"),
    path("farm/households/<int:pk>/", views.household, name="household"),
    path("farm/households/<int:pk>/edit", views.household_edit, name="household_edit"),
    path("farm/households/<int:pk>/members", views.member_add, name="member_add"),
    path("farm/households/<int:pk>/approve", views.household_approve, name="household_approve"),
    path("farm/households/<int:pk>/plots/new", views.plot_new, name="plot_new"),
    path("farm/plots/<int:pk>/", views.plot, name="plot"),
    path("farm/soil/<int:pk>/", views.soil_card, name="soil_card"),
    path("farm/fertilizer/", views.fertilizer_calculator, name="fertilizer"),
    path("farm/disasters/", views_disasters.disaster_list, name="disasters"),
    path("farm/disasters/<int:pk>/", views_disasters.disaster, name="disaster"),
    path("farm/disasters/<int:pk>/assess", views_disasters.disaster_assess, name="disaster_assess"),
    path("farm/disasters/<int:pk>/print", views_disasters.disaster_print, name="disaster_print"),
    path("farm/disasters/<int:pk>/print.pdf", views_disasters.disaster_pdf, name="disaster_pdf"),
    path("farm/disasters/<int:pk>/export.xlsx", views_disasters.disaster_xlsx, name="disaster_xlsx"),
    path("farm/settings/", views.settings_page, name="settings"),
    path("farm/centres/", views.centres_page, name="centres"),
]
