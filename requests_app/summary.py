"""Check your answers: every answer of a draft as a person reads it."""

from .sections import SECTIONS, Context, as_data, form_for, item_name


def answers_summary(*, data: dict, ctx: Context) -> list[dict]:
    """Each answer as (section, item index, question, answer), for Check your answers."""
    rows = []
    for spec in SECTIONS:
        if spec.needs_area and ctx.area is None:
            continue
        stored = data.get(spec.key)
        items = stored if spec.many else [stored]
        for n, raw in enumerate(items or []):
            if raw is None:
                continue
            form = form_for(spec.key, ctx, data=as_data(raw))
            form.is_valid()
            # Follow-up questions the answers did not call for are not shown as "Not answered".
            asked = form.relevant_fields() if hasattr(form, "relevant_fields") else set(form.fields)
            answers = [
                (field.label, answer_text(form, name))
                for name, field in form.fields.items()
                if name in asked and name != "wording_key" and getattr(field.widget, "input_type", "") != "hidden"
            ]
            name = item_name(spec.key, raw) if spec.many else ""
            rows.append({"section": spec, "index": n if spec.many else None, "name": name, "answers": answers})
    return rows


def answer_text(form, name: str) -> str:
    """One answer in words: a choice's label, a date written out, or "Not answered"."""
    field = form.fields[name]
    value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
    if value is None:
        value = form.data.getlist(name) if hasattr(form.data, "getlist") else form.data.get(name)
    choices = {str(k): v for k, v in getattr(field, "choices", []) or []}
    if isinstance(value, list | tuple):
        return "; ".join(str(choices.get(str(v), v)) for v in value) or "Not answered"
    if hasattr(value, "strftime"):
        return value.strftime("%-d %B %Y")
    if hasattr(value, "name") and not isinstance(value, str):
        return str(value)
    return str(choices.get(str(value), value)) if value not in (None, "") else "Not answered"
