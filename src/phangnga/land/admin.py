from django.contrib import admin

from .models import Consent, Meeting, Parcel, Project, PublicLand, Zone

admin.site.register([Project, Zone, Parcel, PublicLand, Meeting, Consent])
