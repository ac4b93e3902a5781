"""Patient records read through the Django admin are audited like reads anywhere else: a change
page is a read of its object, a list page a read of the rows it shows (core.audit)."""

from __future__ import annotations

from django.contrib import admin

from .audit import record, record_list


class AuditedReadsAdmin(admin.ModelAdmin):
    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        obj = getattr(response, "context_data", {}).get("original")  # the object the page shows
        if request.method == "GET" and response.status_code == 200 and obj is not None:
            record(request, "read", obj, summary=f"admin page of {obj}"[:255])
        return response

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if request.method == "GET" and changelist is not None:
            ids = [obj.pk for obj in changelist.result_list]
            record_list(request, self.model._meta.label_lower, ids, f"admin list: {len(ids)} shown")
        return response
