"""Partners' API tokens, issued and revoked by chief editors in the admin.

A partner is an account that only reads the API: never staff, without a password. The chief
editor names the partner; the account is made if it does not exist, and its token shown in
the list. DRF's own token admin is replaced: it offered every account, the editors' own and
the superusers' among them, whose tokens would read drafts through the API.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token, TokenProxy


class PartnerTokenForm(forms.ModelForm):
    partner = forms.CharField(
        label=_("合作方"),
        max_length=150,
        help_text=_("合作方的名称（英文字母、数字或 @.+-_），如 xinhua-sync。没有账号的会新建。"),
    )

    class Meta:
        model = TokenProxy
        fields = ()

    def clean_partner(self):
        name = self.cleaned_data["partner"].strip()
        User = get_user_model()
        try:
            User.username_validator(name)
        except ValidationError:
            raise ValidationError(
                gettext("合作方名称只能用英文字母、数字和 @.+-_：“%(name)s”不行。") % {"name": name}
            ) from None
        user = User.objects.filter(username=name).first()
        if user is not None and (user.is_staff or user.is_superuser):
            raise ValidationError(
                gettext("“%(name)s”是编辑台的账号，不能作为合作方领取令牌。") % {"name": name}
            )
        if user is not None and Token.objects.filter(user=user).exists():
            raise ValidationError(
                gettext("合作方“%(name)s”已经有令牌；要换新的，先吊销旧的。") % {"name": name}
            )
        return name

    @transaction.atomic
    def save(self, commit=True):
        User = get_user_model()
        user, created = User.objects.get_or_create(username=self.cleaned_data["partner"])
        if created:
            user.set_unusable_password()
            user.save()
        self.instance.user = user
        return super().save(commit=commit)


class PartnerTokenAdmin(admin.ModelAdmin):
    form = PartnerTokenForm
    list_display = ("partner", "key", "created")
    list_display_links = None
    search_fields = ("user__username",)
    ordering = ("user__username",)
    actions = ("revoke",)

    def get_urls(self):
        """The list (with the revoke action) and the form to issue one: a token is never
        edited, and has no history of its own."""
        from django.urls import path

        info = self.opts.app_label, self.opts.model_name
        wrap = self.admin_site.admin_view
        return [
            path("", wrap(self.changelist_view), name="{}_{}_changelist".format(*info)),
            path("add/", wrap(self.add_view), name="{}_{}_add".format(*info)),
        ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user")

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("合作方"), ordering="user__username")
    def partner(self, token):
        return token.user.get_username()

    @admin.action(description=_("吊销所选令牌"), permissions=("delete",))
    def revoke(self, request, queryset):
        """Revoke: requests with the token are refused (401) from now on."""
        count = 0
        for token in queryset:
            token.delete()
            count += 1
        self.message_user(
            request, gettext("已吊销 %(n)d 个令牌。") % {"n": count}, messages.SUCCESS
        )

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            gettext("已为合作方“%(name)s”签发令牌：%(key)s") % {"name": obj.user, "key": obj.key},
            messages.SUCCESS,
        )
        from django.shortcuts import redirect
        from django.urls import reverse

        return redirect(reverse("admin:authtoken_tokenproxy_changelist"))


def install(site):
    """Put the partners' token admin in place of DRF's."""
    if site.is_registered(TokenProxy):
        site.unregister(TokenProxy)
    site.register(TokenProxy, PartnerTokenAdmin)
