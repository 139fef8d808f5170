"""The health of the archive at a glance: articles per site and per section, over time, the last
fetch and the newest article, and each crawl's frontier with its failures."""
from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Blueprint

from arabnews_archive.web import charts, params
from arabnews_archive.web.app import archive, json_response, respond, wants_json

blueprint = Blueprint("sources", __name__)

# Lines on one chart, the largest sites (or sections) first: more cannot be told apart.
CHART_LINES = 8
RECENT_FAILURES = 25


@blueprint.get("/sources")
def sources() -> Any:
    over = params.choice("over", ("site", "section"), "site")
    stats = archive().stats()
    sites = stats["sites"]
    sections = [{"section": c.bucket, "articles": c.total} for c in archive().count(by="section")]
    # Largest first (sections come so from `count`); undated articles are in no month.
    charted = ([s["site"] for s in sorted(sites, key=lambda s: -s["articles"])] if over == "site"
               else [s["section"] for s in sections if s["section"] is not None])[:CHART_LINES]
    over_time = {name: {c.bucket: c.total for c in archive().count(by="month", **{over: name})} for name in charted}
    failed = archive().frontier(failed=True)
    reasons = Counter((f["state"], f["reason"] or "") for f in failed)
    data = {
        "totals": stats["totals"], "sites": sites, "sections": sections,
        "over": over, "articles_per_month": over_time, "crawls": archive().frontier(),
        "failure_reasons": [{"state": state, "reason": reason, "urls": n} for (state, reason), n in reasons.most_common()],
        "recent_failures": sorted(failed, key=lambda f: f["updated"].timestamp() if f["updated"] else 0,
                                  reverse=True)[:RECENT_FAILURES],
    }
    if wants_json():
        return json_response(data)
    return respond("sources.html", data, charts=_charts(over, sections, over_time), over=over)


def _charts(over: str, sections: list[dict[str, Any]], over_time: dict[str, dict[str, int]]) -> list[tuple[str, str]]:
    drawn = []
    months = sorted({month for counts in over_time.values() for month in counts})
    if months:
        title = "المقالات شهريا لكل " + ("موقع" if over == "site" else "قسم")
        series = {name: [counts.get(m, 0) for m in months] for name, counts in over_time.items()}
        drawn.append((title, charts.line_chart(title, months, series)))
    if len(sections) > 1:  # one bar says nothing the table does not
        top = sections[:20]
        drawn.append(("المقالات لكل قسم", charts.bar_chart(
            "المقالات لكل قسم", [s["section"] or "(بلا قسم)" for s in top], {"المقالات": [s["articles"] for s in top]})))
    return drawn
