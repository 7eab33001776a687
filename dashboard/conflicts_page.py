"""Conflicts page: figures on the same indicator, actors, year and unit from different documents;
where the sources agree, how far apart they are, each source's sentence, and the figure to chart."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import conflict_charts, curated, data, scales, text

st.title("Conflicts")
version = data.require_data()
log = curated.log_stamp()

top = st.columns([1, 1, 3], vertical_alignment="bottom")
tolerance_pct = top[0].number_input(
    "Agree within (%)", min_value=0.0, max_value=50.0, value=2.0, step=1.0, key="conf_tolerance",
    help="Sources agree when (largest - smallest) / largest is at most this.",
)  # fmt: skip
show = top[1].selectbox("Show", ["all groups", "disagreeing only"], key="conf_show")
groups = curated.conflict_groups(version, log, float(tolerance_pct) / 100)
n_agree = int(groups["agree"].sum()) if not groups.is_empty() else 0
top[2].caption(
    f"{groups.height} group{'s' if groups.height != 1 else ''} reported by two or more documents: "
    f"{n_agree} agree, {groups.height - n_agree} differ. Rejected figures are left out; corrections apply."
)
if groups.is_empty():
    st.info(
        "No two documents report the same indicator for the same actors and year. Add documents on the "
        "**Add documents** page, or correct a figure's actors or year on the **Review** page."
    )
    st.stop()
if show == "disagreeing only":
    groups = groups.filter(~pl.col("agree"))
    if groups.is_empty():
        st.success("Every group agrees within the tolerance.")
        st.stop()

labels = data.indicator_labels()
rows = groups.to_dicts()
by_key = {curated.group_key(g): g for g in rows}
overview = groups.select(
    pl.col("indicator").replace_strict(labels, default=pl.col("indicator")).alias("indicator"),
    pl.col("actor_key").alias("actors"), "year", pl.col("unit_base").alias("unit"), "sources", "figures", "min", "max",
    (pl.col("spread") * 100).round(1).alias("spread %"), "agree",
)  # fmt: skip
st.dataframe(overview, hide_index=True, key="conf_groups")

wanted = st.query_params.get("group")
if "conf_group" not in st.session_state or st.session_state["conf_group"] not in by_key:
    st.session_state["conf_group"] = wanted if wanted in by_key else next(iter(by_key))
key = st.selectbox(
    "Group",
    list(by_key),
    key="conf_group",
    format_func=lambda k: (
        f"{labels.get(by_key[k]['indicator'], by_key[k]['indicator'])} · {by_key[k]['actor_key'] or 'no actors'}"
        f" · {by_key[k]['year']} · {by_key[k]['sources']} sources · "
        + ("agree" if by_key[k]["agree"] else f"spread {by_key[k]['spread']:.0%}")
    ),
)
st.query_params["group"] = key
group = by_key[key]
members = curated.group_members(version, log, group)
ids = members["figure_id"].to_list()

url_pick = st.query_params.get("pick")
if url_pick in ids and key not in curated.picks():
    curated.set_pick(key, url_pick, ids)
current = curated.picks().get(key, (None, ()))[0]
radio_key = f"conf_pick_{key}"
if radio_key not in st.session_state:
    st.session_state[radio_key] = current if current in ids else "__all__"
quotes = dict(zip(ids, members["quote"].to_list(), strict=True))
docs = dict(zip(ids, members["doc"].to_list(), strict=True))

if group["agree"]:
    st.success(f"The {group['sources']} sources agree (spread {group['spread']:.1%}).")
else:
    st.warning(
        f"The {group['sources']} sources differ: from {text.number(group['min'])} to {text.number(group['max'])} "
        f"{group['unit_base']} (spread {group['spread']:.0%})."
    )

unit = scales.default_unit(str(group["unit_base"]), float(group["max"]))
factor = scales.factor(str(group["unit_base"]), unit.expr)
chosen = st.radio(
    "Figure to chart",
    ["__all__", *ids],
    key=radio_key,
    format_func=lambda i: "every source (no pick)" if i == "__all__" else f"{quotes[i]} — {docs[i]}",
    horizontal=True,
    help="The Indicators charts then show only the picked figure for this group.",
)
picked = None if chosen == "__all__" else str(chosen)
curated.set_pick(key, picked, ids)
if picked:
    st.query_params["pick"] = picked
elif "pick" in st.query_params:
    del st.query_params["pick"]

fig = conflict_charts.conflict_chart(members, picked=picked, unit_label=unit.label, factor=factor)
st.plotly_chart(fig, key="conf_chart", config={"displaylogo": False})
if picked:
    st.caption(
        f"Charts on **Indicators** now show {quotes[picked]!r} from {docs[picked]} for this group "
        f"and leave out the other {len(ids) - 1}."
    )

for row in members.iter_rows(named=True):
    is_picked = row["figure_id"] == picked
    mark = ' <span style="color:#ff7f0e">(picked)</span>' if is_picked else ""
    with st.container(border=True, key=f"conf_source_{row['figure_id']}"):
        st.html(
            f'<div style="font-weight:700">{text.escape(row.get("title") or row["doc"])}{mark}</div>'
            f'<div style="color:#5f6368">{text.escape(row["doc"])} · {text.number(row["value_base"] * factor)} '
            f"{text.escape(unit.label)} · rule <code>{text.escape(row['rule'])}</code> · "
            f"{text.escape(row.get('review_status') or 'unreviewed')}</div>"
        )
        st.html(text.sentence_html(row.get("sentence") or "", row["quote"]))
