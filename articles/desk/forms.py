"""The review fields of the article form: flags as checkboxes, keywords as a line of words.

Both are stored as JSON lists; the editor never sees or types JSON.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from articles.desk import flags as review_flags

# Keywords are typed as Chinese text is written: 、，, ; or spaces between them.
KEYWORD_SEPARATORS = re.compile(r"[、，,；;\s]+")
KEYWORD_MAX_CHARS = 20
KEYWORDS_MAX = 30


class FlagsField(forms.MultipleChoiceField):
    """The review flags, one checkbox each, labelled in Chinese with what each asks."""

    widget = forms.CheckboxSelectMultiple
    default_error_messages = {
        "invalid_choice": gettext_lazy("没有“%(value)s”这种待核原因：请只勾选列出的待核原因。"),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("待核原因"))
        kwargs.setdefault(
            "help_text",
            gettext_lazy(
                "标“阻止发布”的原因还在时，稿件不能发布。改正原因后（如补上标题）标记会自动取消；"
                "核对无误的，取消勾选即可。"
            ),
        )
        super().__init__(choices=review_flags.flag_choices(), **kwargs)

    def offer(self, current):
        """Offer the item's own flags too, unknown ones included, each explained."""
        self.choices = [
            (flag, review_flags.explain(flag))
            for flag, _label in review_flags.flag_choices(current)
        ]


class KeywordsWidget(forms.TextInput):
    def format_value(self, value):
        if isinstance(value, list | tuple):
            return "、".join(str(word) for word in value)
        return super().format_value(value)


class KeywordsField(forms.CharField):
    """Keywords typed as 网格化、基层治理 (or separated by commas or spaces), kept as a list."""

    widget = KeywordsWidget(attrs={"size": 60})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", gettext_lazy("关键词"))
        kwargs.setdefault("help_text", gettext_lazy("用顿号、逗号或空格分开，如：网格化、基层治理"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return "、".join(value) if isinstance(value, list | tuple) else value

    def to_python(self, value):
        if isinstance(value, list | tuple):
            return [str(word) for word in value]
        text = super().to_python(value) or ""
        words = list(dict.fromkeys(w for w in KEYWORD_SEPARATORS.split(text) if w))
        too_long = [w for w in words if len(w) > KEYWORD_MAX_CHARS]
        if too_long:
            raise ValidationError(
                _("关键词“%(word)s”太长（最多 %(n)d 个字）：是不是漏了分隔符？")
                % {"word": too_long[0][:30], "n": KEYWORD_MAX_CHARS}
            )
        if len(words) > KEYWORDS_MAX:
            raise ValidationError(_("关键词最多 %(n)d 个。") % {"n": KEYWORDS_MAX})
        return words

    def has_changed(self, initial, data):
        return list(initial or []) != self.to_python(data)


class ReviewFieldsMixin:
    """For the article's ModelForm: the two fields, flags settled by the edit, and the
    blocking-flag rule on publishing."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "flags" in self.fields:
            field = FlagsField()
            field.offer(self.instance.flags if self.instance.pk else [])
            self.fields["flags"] = field
        if "keywords" in self.fields:
            self.fields["keywords"] = KeywordsField()
        if "status" in self.fields:
            from articles.desk.queues import STATES_EXPLAINED

            self.fields["status"].help_text = STATES_EXPLAINED

    def clean(self):
        cleaned = super().clean()
        if "flags" not in cleaned:
            return cleaned
        instance = self.instance
        settled = review_flags.settled_flags(
            cleaned["flags"],
            headline=cleaned.get("headline", instance.headline) or "",
            column=cleaned.get("column", instance.column) or "",
            extraction=instance.extraction,
        )
        cleaned["flags"] = settled
        was = instance.status if instance.pk else None
        if cleaned.get("status") == "published" and was != "published":
            blocking = review_flags.blocking_flags(settled)
            if blocking:
                self.add_error("flags", review_flags.why_not_published(blocking))
        return cleaned
