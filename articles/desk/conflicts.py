"""Two editors, one article: a save made on a stale form is merged field by field or refused.

The form carries, signed, what it showed when it was opened (the base). On save, the
stored article as the form would show it now (theirs) is compared with the base: if they
are the same, the save goes through. Otherwise each field (and each paragraph, byline and
caption, matched by its id) is merged three ways: what only one side changed is taken from
that side; what both changed differently is a conflict, shown with both versions for the
editor to choose or combine. Nothing is saved until the editor saves again.

Everything here works on form data, {name: [values]} as the browser posts it, so it knows
nothing of the article's model.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.core import signing
from django.forms import CheckboxInput, FileInput, MultiWidget, SelectMultiple

SALT = "articles.desk.conflicts"
# Keys of a post that are not the article's data.
NOT_DATA = ("csrfmiddlewaretoken", "desk_version", "_save", "_continue", "_addanother")


class BadVersion(ValueError):
    """The form's version mark is missing, forged, or for another article."""


def _text(value) -> str:
    # Browsers post a textarea's line breaks as CRLF.
    return "" if value is None else str(value).replace("\r\n", "\n")


def _field_data(bound) -> dict[str, list[str]]:
    widget = bound.field.widget
    value = bound.value()
    name = bound.html_name
    if isinstance(widget, FileInput):
        return {}
    if isinstance(widget, MultiWidget):
        parts = value if isinstance(value, (list, tuple)) else widget.decompress(value)
        return {
            f"{name}{suffix}": [_text(sub.format_value(part))]
            for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False)
        }
    if isinstance(widget, CheckboxInput):
        return {name: ["on"]} if widget.check_test(value) else {}
    if isinstance(widget, SelectMultiple):
        return {name: [_text(v) for v in (value or [])]}
    formatted = widget.format_value(value)
    if isinstance(formatted, (list, tuple)):  # a select: the chosen option's value
        return {name: [_text(v) for v in formatted]}
    return {name: [_text(formatted)]}


def form_data(form, formsets) -> dict[str, list[str]]:
    """What the browser would post for this form and these inline formsets, untouched."""
    data: dict[str, list[str]] = {}
    for bound in form:
        data.update(_field_data(bound))
    for formset in formsets:
        for bound in formset.management_form:
            data.update(_field_data(bound))
        for inline_form in formset.forms:
            for bound in inline_form:
                data.update(_field_data(bound))
    return data


def posted(querydict) -> dict[str, list[str]]:
    """A post's data in the same shape, without the keys that are not the article's."""
    return {
        key: [_text(v) for v in querydict.getlist(key)] for key in querydict if key not in NOT_DATA
    }


def seal(article_id: int, data: dict) -> str:
    """The form's version mark: what it showed, signed so that it cannot be forged."""
    return signing.dumps({"article": article_id, "data": data}, salt=SALT, compress=True)


def unseal(article_id: int, token: str | None) -> dict:
    """The data a version mark carries; BadVersion if missing, forged or another article's."""
    if not token:
        raise BadVersion("missing")
    try:
        value = signing.loads(token, salt=SALT)
    except signing.BadSignature as error:
        raise BadVersion("forged") from error
    if not isinstance(value, dict) or value.get("article") != article_id:
        raise BadVersion("another article")
    return value["data"]


# --- the three-way merge --------------------------------------------------------------


@dataclass
class Conflict:
    """One field both sides changed, differently."""

    key: str  # the form's input name (the paragraph's in the merged form), or "" if gone
    where: str  # which inline and row, or "" for the article's own fields
    name: str  # the field's name within its form
    theirs: list[str]
    mine: list[str]


@dataclass
class Merged:
    data: dict[str, list[str]]
    conflicts: list[Conflict] = field(default_factory=list)
    taken: list[tuple[str, str]] = field(default_factory=list)  # (where, name) taken from theirs


def _three_way(base, theirs, mine):
    """(value, taken_from_theirs, conflict)"""
    if mine == theirs:
        return mine, False, False
    if mine == base:
        return theirs, True, False
    if theirs == base:
        return mine, False, False
    return mine, False, True


_ROW = re.compile(r"^(?P<prefix>.+)-(?P<index>\d+)-(?P<name>[^-]+)$")


def _split(data, prefixes):
    top, rows, new = {}, defaultdict(dict), defaultdict(list)
    grouped = defaultdict(dict)
    for key, values in data.items():
        match = _ROW.match(key)
        if match and match["prefix"] in prefixes:
            grouped[(match["prefix"], int(match["index"]))][match["name"]] = values
        elif any(key.startswith(f"{p}-") for p in prefixes):
            continue  # management form: rebuilt below
        else:
            top[key] = values
    for (prefix, _index), values in sorted(grouped.items()):
        row_id = (values.get("id") or [""])[0]
        if row_id:
            rows[prefix][row_id] = values
        elif any(v != [""] and v for name, v in values.items() if name != "id"):
            new[prefix].append(values)
    return top, rows, new


def merge(base, theirs, mine, *, prefixes, management) -> Merged:
    """Merge `mine` (posted) with `theirs` (stored now) over `base` (when the form opened).

    `prefixes` are the inline formsets' prefixes; `management` their stored management
    data, whose MIN/MAX the merged data keeps. Rows are matched by id and laid out in
    their stored order, followed by the rows the editor added.
    """
    merged = Merged(data={})
    base_top, base_rows, _ = _split(base, prefixes)
    their_top, their_rows, _ = _split(theirs, prefixes)
    my_top, my_rows, my_new = _split(mine, prefixes)

    for key in sorted({*their_top, *my_top}):
        value, taken, conflict = _three_way(
            base_top.get(key, []), their_top.get(key, []), my_top.get(key, [])
        )
        merged.data[key] = value
        if taken:
            merged.taken.append(("", key))
        if conflict:
            merged.conflicts.append(Conflict(key, "", key, their_top[key], my_top.get(key, [])))

    for prefix in prefixes:
        theirs_by_id = their_rows.get(prefix, {})
        base_by_id = base_rows.get(prefix, {})
        mine_by_id = my_rows.get(prefix, {})
        index = 0
        for row_id, their_row in theirs_by_id.items():
            base_row = base_by_id.get(row_id)
            my_row = mine_by_id.get(row_id)
            names = sorted({*their_row, *(my_row or {})})
            for name in names:
                key = f"{prefix}-{index}-{name}"
                if base_row is None or my_row is None:  # a row they added: as they have it
                    merged.data[key] = their_row.get(name, [])
                    continue
                value, taken, conflict = _three_way(
                    base_row.get(name, []), their_row.get(name, []), my_row.get(name, [])
                )
                merged.data[key] = value
                where = f"{prefix}#{row_id}"
                if taken:
                    merged.taken.append((where, name))
                if conflict:
                    merged.conflicts.append(
                        Conflict(key, where, name, their_row.get(name, []), my_row[name])
                    )
            index += 1
        initial = index
        # Rows they deleted that this editor changed: not in the form any more, shown.
        for row_id, my_row in mine_by_id.items():
            if row_id in theirs_by_id or row_id not in base_by_id:
                continue
            for name, values in my_row.items():
                if values != base_by_id[row_id].get(name, []):
                    merged.conflicts.append(Conflict("", f"{prefix}#{row_id}", name, [], values))
        for my_row in my_new.get(prefix, []):
            for name, values in my_row.items():
                merged.data[f"{prefix}-{index}-{name}"] = values
            index += 1
        merged.data[f"{prefix}-TOTAL_FORMS"] = [str(index)]
        merged.data[f"{prefix}-INITIAL_FORMS"] = [str(initial)]
        for suffix in ("MIN_NUM_FORMS", "MAX_NUM_FORMS"):
            key = f"{prefix}-{suffix}"
            merged.data[key] = management.get(key, [""])
    return merged
