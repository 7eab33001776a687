"""Review widgets shared by the Review and Figure detail pages: a figure's card, its decision
buttons, the correction form, and its history.

Decisions are written by widget callbacks, before the script reruns, so the page that
follows already shows them; the outcome is kept in session state and shown once
(`flash`), since a callback cannot draw on the page.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import streamlit as st

from dashboard import curated, data, text
from warehouse import curation

#: Session key of the reviewer's name, shared by every page's review widgets.
NAME = "review_name"
_FLASH = "review_flash"

_STATUS_COLOURS = {
    "accepted": "#1e8e3e",
    "corrected": "#1a73e8",
    "rejected": "#d93025",
    "unreviewed": "#80868b",
}


def reviewer_input(slot: Any = st, *, prefix: str = "review") -> str:
    """Draw the reviewer-name box (remembered for the session, across pages); return the name.

    Each page has its own widget (Streamlit forgets a widget's value on pages that do not
    draw it); the name itself is kept under `NAME`.
    """
    key = f"{prefix}_who"
    if key not in st.session_state:
        st.session_state[key] = st.session_state.get(NAME, "")
    name: str = slot.text_input(
        "Reviewer", key=key, placeholder="your name", help="Stored with each decision in the review log.",
        on_change=_keep_name, args=(key,),
    )  # fmt: skip
    st.session_state[NAME] = name
    return name.strip()


def _keep_name(key: str) -> None:
    st.session_state[NAME] = st.session_state.get(key, "")


def _who() -> str:
    return str(st.session_state.get(NAME) or "").strip()


def flash() -> None:
    """Show the outcome of the last decision, once."""
    message = st.session_state.pop(_FLASH, None)
    if not message:
        return
    level, body = message
    (st.success if level == "ok" else st.error)(body)


def _say(level: str, body: str) -> None:
    st.session_state[_FLASH] = (level, body)


def _decide(figure_id: str, action: curation.Action, prefix: str, quote: str) -> None:
    note = str(st.session_state.get(f"{prefix}_note_{figure_id}", "") or "").strip()
    try:
        rec = curated.decide(figure_id, action, note=note, who=_who())
    except (ValueError, OSError) as exc:
        _say("error", f"Could not record the decision on {quote!r}: {exc}")
        return
    _say("ok", f"{quote!r} {rec.action}ed by {rec.who or 'unknown'} at {rec.at}.")


def _field_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


def changes_from(record: Mapping[str, Any], entered: Mapping[str, str]) -> dict[str, str]:
    """Return the correctable fields whose entered text differs from the record's.

    >>> changes_from({"value": 1.5e9, "unit": "USD", "actors": ["A", "B"], "year": 2010},
    ...              {"value": "1800000000", "unit": "USD", "actors": "A; B", "year": "2010"})
    {'value': '1800000000'}
    """
    out = {}
    for name in curation.CORRECTABLE:
        new = (entered.get(name) or "").strip()
        old = _field_text(record.get(name))
        if name == "value" and new and old:
            try:
                if float(new) == float(old):
                    continue
            except ValueError:
                pass  # the log rejects it, with a message naming the field
        if new != old and not (name == "actors" and [a.strip() for a in new.split(";")] == old.split("; ")):
            out[name] = new
    return out


def _correct(figure_id: str, prefix: str, record: Mapping[str, Any]) -> None:
    entered = {name: str(st.session_state.get(f"{prefix}_fix_{name}_{figure_id}", "")) for name in curation.CORRECTABLE}
    changes = changes_from(record, entered)
    quote = str(record.get("quote") or figure_id)
    if not changes:
        _say("error", f"Nothing to correct on {quote!r}: change a field first.")
        return
    note = str(st.session_state.get(f"{prefix}_fixnote_{figure_id}", "") or "").strip()
    try:
        rec = curated.decide(figure_id, "correct", changes=changes, note=note, who=_who())
    except (ValueError, OSError) as exc:
        _say("error", f"Could not correct {quote!r}: {exc}")
        return
    fields = ", ".join(f"{k} = {v}" for k, v in rec.changes.items())
    _say("ok", f"{quote!r} corrected ({fields}) by {rec.who or 'unknown'} at {rec.at}.")


def status_line(record: Mapping[str, Any]) -> None:
    """Show a figure's review status, and who decided it when."""
    st.html(status_html(record))


def status_html(record: Mapping[str, Any]) -> str:
    """Return a figure's review status as a coloured badge, with who, when and the note (escaped).

    >>> status_html({"review_status": "accepted", "reviewed_by": "<b>", "reviewed_at": "2025-01-01"})[-60:]
    'accepted</span> by &lt;b&gt; at 2025-01-01</div>'
    """
    status = str(record.get("review_status") or "unreviewed")
    colour = _STATUS_COLOURS.get(status, _STATUS_COLOURS["unreviewed"])
    tail = ""
    if status != "unreviewed":
        tail = f" by {text.escape(record.get('reviewed_by') or 'unknown')} at {text.escape(record.get('reviewed_at'))}"
    if record.get("review_note"):
        tail += f" — {text.escape(record['review_note'])}"
    badge = f"background:{colour};color:#fff;border-radius:4px;padding:1px 8px;font-weight:600"
    return f'<div class="review-status"><span style="{badge}">{text.escape(status)}</span>{tail}</div>'


def actions(record: Mapping[str, Any], *, prefix: str) -> None:
    """Draw accept and reject buttons with a note, and the correction form, for one figure."""
    figure_id = str(record["figure_id"])
    quote = str(record.get("quote") or figure_id)
    left, mid, right = st.columns([5, 1, 1], vertical_alignment="bottom")
    left.text_input("Note", key=f"{prefix}_note_{figure_id}", placeholder="why (optional)")
    mid.button(
        "Accept", key=f"{prefix}_accept_{figure_id}", icon=":material/check:", on_click=_decide,
        args=(figure_id, "accept", prefix, quote), width="stretch",
    )  # fmt: skip
    right.button(
        "Reject", key=f"{prefix}_reject_{figure_id}", icon=":material/close:", on_click=_decide,
        args=(figure_id, "reject", prefix, quote), width="stretch",
    )  # fmt: skip
    with st.expander("Correct this figure"), st.form(key=f"{prefix}_form_{figure_id}", border=False):
        cols = st.columns(5)
        labels = {"value": "Value", "unit": "Unit", "indicator": "Indicator", "actors": "Actors (; between)",
                  "year": "Year"}  # fmt: skip
        for col, name in zip(cols, curation.CORRECTABLE, strict=True):
            key = f"{prefix}_fix_{name}_{figure_id}"
            if key not in st.session_state:
                st.session_state[key] = _field_text(record.get(name))
            col.text_input(labels[name], key=key)
        st.text_input("Why", key=f"{prefix}_fixnote_{figure_id}", placeholder="what was wrong")
        st.form_submit_button(
            "Save correction", key=f"{prefix}_save_{figure_id}", icon=":material/save:",
            on_click=_correct, args=(figure_id, prefix, dict(record)),
        )  # fmt: skip


def card(record: Mapping[str, Any], *, prefix: str, score: int | None = None) -> None:
    """Show one figure to review: quote, reading, sentence with the quote marked, actions."""
    with st.container(border=True, key=f"{prefix}_card_{record['figure_id']}"):
        head = (
            f'<div style="font-size:1.15rem;font-weight:700">{text.escape(record.get("quote"))}</div>'
            f'<div style="color:#5f6368">{text.escape(record.get("indicator") or "no indicator")} · value '
            f"{text.number(record.get('value'))} {text.escape(record.get('unit'))}"
            f"{' · year ' + str(record['year']) if record.get('year') is not None else ' · no year'}"
            f" · actors {text.escape(', '.join(record.get('actors') or []) or 'none')}"
            f" · <code>{text.escape(record.get('rule'))}</code> · {text.escape(record.get('doc'))}"
            f"{f' · uncertainty {score}' if score is not None else ''}</div>"
        )
        st.html(head)
        st.html(text.sentence_html(record.get("sentence") or "", str(record.get("quote") or "")))
        status_line(record)
        actions(record, prefix=prefix)


def panel(version: data.Stamp, figure_id: str, *, prefix: str) -> None:
    """Show a figure's review status, its decision history and the review actions."""
    log = curated.log_stamp()
    rows = curated.reviewed_figure(version, log, figure_id)
    st.subheader("Review")
    flash()
    if rows.is_empty():
        st.info("This figure is not in the database any more, so it cannot be reviewed.")
        return
    record = rows.row(0, named=True)
    status_line(record)
    past = curated.history(log, figure_id)
    if not past.is_empty():
        st.dataframe(past, hide_index=True, key=f"{prefix}_history")
    reviewer_input(prefix=prefix)
    actions(record, prefix=prefix)
