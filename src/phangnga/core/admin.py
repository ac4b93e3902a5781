from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from .login import AdminLoginForm
from .models import ApiToken, AuditEntry, LoginFailure, User

# The admin's log-in counts and refuses like the site's (core/login.py); urls.py adds the 429.
admin.site.login_form = AdminLoginForm


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    fieldsets = UserAdmin.fieldsets + (
        ("Platform", {"fields": ("display_name", "phone", "facility", "district")}),
    )
    list_display = ("username", "display_name", "facility", "district", "is_staff")


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "created_at", "last_used_at", "revoked")
    readonly_fields = ("prefix", "digest", "created_at", "last_used_at")


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the audit log is evidence, nobody edits it."""

    list_display = ("at", "username", "action", "object_type", "object_id", "summary", "source_ip", "channel")
    list_filter = ("action", "object_type", "channel")
    search_fields = ("username", "object_id", "summary")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginFailure)
class LoginFailureAdmin(admin.ModelAdmin):
    """Failed log-ins still counting against an account or address: deleting an account's rows
    unlocks it (as `phangnga unlock-login` does)."""

    list_display = ("at", "username", "address")
    search_fields = ("username", "address")
    readonly_fields = ("at", "username", "address")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
