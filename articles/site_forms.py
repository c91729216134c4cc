"""The search page's form: a reader's query and filters, checked before any query runs."""

from django import forms
from django.utils.translation import gettext_lazy as _

from articles.models import Publication, Reporter
from taxonomy.models import Place, Topic


class QueryField(forms.CharField):
    """A reader's words: NUL characters dropped and the length cut, never refused."""

    def to_python(self, value):
        value = super().to_python(value).replace("\x00", " ")
        return value[:QUERY_MAX_LENGTH].strip()


QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """Every field is optional; a bad value is a form error shown to the reader, never a crash."""

    q = QueryField(label=_("关键词"), required=False)
    publication = forms.ModelChoiceField(
        label=_("报纸"),
        queryset=Publication.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("全部报纸"),
    )
    date_from = forms.DateField(label=_("起始日期"), required=False, input_formats=["%Y-%m-%d"])
    date_to = forms.DateField(label=_("截止日期"), required=False, input_formats=["%Y-%m-%d"])
    column = forms.CharField(label=_("栏目"), required=False, max_length=50)
    reporter = forms.ModelChoiceField(
        label=_("作者"), queryset=Reporter.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"] = forms.ModelChoiceField(
            label=_("主题"),
            queryset=Topic.objects.all(),
            to_field_name="slug",
            required=False,
            empty_label=_("全部主题"),
        )
        self.fields["place"] = forms.ModelChoiceField(
            label=_("地区"),
            queryset=Place.objects.all(),
            required=False,
            widget=forms.HiddenInput,
        )

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期晚于截止日期。"))
        return data

    def filters(self) -> dict:
        """The cleaned filters as keyword arguments of reading.filter_articles()."""
        data = self.cleaned_data
        return {
            "publication": data.get("publication"),
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "column": data.get("column", ""),
            "topic": data.get("topic"),
            "place": data.get("place"),
            "reporter": data.get("reporter"),
        }
