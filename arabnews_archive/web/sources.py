"""The health of the archive at a glance: articles per site and per section, over time, the last
fetch and the newest article, and each crawl's frontier with its failures."""
from __future__ import annotations

from collections import Counter
from typing import Any

from flask import Blueprint

from arabnews_archive.web import charts
from arabnews_archive.web.app import archive, json_response, respond, wants_json

blueprint = Blueprint("sources", __name__)

# Lines on one chart, largest sites first: more cannot be told apart.
CHART_SITES = 8
RECENT_FAILURES = 25


@blueprint.get("/sources")
def sources() -> Any:
    stats = archive().stats()
    sites = stats["sites"]
    sections = [{"section": c.bucket, "articles": c.total} for c in archive().count(by="section")]
    charted = sorted(sites, key=lambda s: -s["articles"])[:CHART_SITES]
    over_time = {s["site"]: {c.bucket: c.total for c in archive().count(by="month", site=s["site"])} for s in charted}
    failed = archive().frontier(failed=True)
    reasons = Counter((f["state"], f["reason"] or "") for f in failed)
    data = {
        "totals": stats["totals"], "sites": sites, "sections": sections,
        "articles_per_month": over_time, "crawls": archive().frontier(),
        "failure_reasons": [{"state": state, "reason": reason, "urls": n} for (state, reason), n in reasons.most_common()],
        "recent_failures": sorted(failed, key=lambda f: f["updated"].timestamp() if f["updated"] else 0,
                                  reverse=True)[:RECENT_FAILURES],
    }
    if wants_json():
        return json_response(data)
    return respond("sources.html", data, charts=_charts(sites, sections, over_time))


def _charts(sites: list[dict[str, Any]], sections: list[dict[str, Any]],
            over_time: dict[str, dict[str, int]]) -> list[tuple[str, str]]:
    drawn = []
    months = sorted({month for counts in over_time.values() for month in counts})
    if months:
        series = {site: [counts.get(m, 0) for m in months] for site, counts in over_time.items()}
        drawn.append(("المقالات شهريا لكل موقع", charts.line_chart("المقالات شهريا لكل موقع", months, series)))
    if len(sections) > 1:  # one bar says nothing the table does not
        top = sections[:20]
        drawn.append(("المقالات لكل قسم", charts.bar_chart(
            "المقالات لكل قسم", [s["section"] or "(بلا قسم)" for s in top], {"المقالات": [s["articles"] for s in top]})))
    return drawn
