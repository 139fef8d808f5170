"""The Flask application: one read-only `Archive`, server-side pages, a JSON twin of each.

Security, for an app that shows text from the open web: Jinja escapes every value (a headline
holding `<script>` is text); the pages carry no script at all and a Content-Security-Policy
that allows none; stored raw pages are served apart, under a CSP `sandbox` of their own
(`article.py`); there is no route that writes; bad parameters get a 400 page, unknown things 404.
"""
from __future__ import annotations

import json
import logging
from typing import Any

from flask import Flask, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import HTTPException

import arabnews_archive.formats as formats
from arabnews_archive.archive import Archive
from arabnews_archive.store.errors import ArchiveError, DatabaseError, QueryError
from arabnews_archive.web import present

log = logging.getLogger(__name__)

# No script anywhere; styles and images from the app itself (charts are SVG data: images);
# the raw page's frame from the app only; forms submit only here.
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    # Following a link to the original article must not tell the site what was searched here.
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "SAMEORIGIN",
}
_ARCHIVE = "arabnews_archive"


def create_app(db: str | None = None) -> Flask:
    """The web app over the archive at `db` (a SQLite file or postgresql:// URL; default as for
    every command). The archive must exist (:class:`ArchiveError` otherwise); the app only reads.
    Serve it with any WSGI server, or `arabnews serve`."""
    from arabnews_archive.web import article, attention, search, sources

    app = Flask(__name__)
    app.extensions[_ARCHIVE] = Archive(db, create=False)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]  # Arabic as text in JSON
    app.jinja_env.filters.update(present.FILTERS)
    app.jinja_env.globals["link"] = link
    for blueprint in (search.blueprint, article.blueprint, attention.blueprint, sources.blueprint):
        app.register_blueprint(blueprint)
    app.after_request(_security_headers)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(ArchiveError, _archive_error)
    app.register_error_handler(Exception, _unexpected_error)
    return app


def archive() -> Archive:
    """The archive the running app serves."""
    return archive_of(current_app)


def archive_of(app: Flask) -> Archive:
    """The archive `app` serves (to close it when the server stops)."""
    return app.extensions[_ARCHIVE]


def link(endpoint: str, **changes: Any) -> str:
    """The address of `endpoint` with this request's parameters, `changes` applied (None drops one):
    paging, the JSON twin and the export keep the search they belong to."""
    args: dict[str, Any] = {}
    for name in request.args:
        values = [v for v in request.args.getlist(name) if v]
        if values:
            args[name] = values
    args.update({name: value for name, value in changes.items()})
    return url_for(endpoint, **{name: value for name, value in args.items() if value is not None})


def wants_json() -> bool:
    return request.args.get("format") == "json"


def json_response(data: Any, status: int = 200) -> Response:
    return Response(json.dumps(formats.plain(data), ensure_ascii=False, indent=1) + "\n", status,
                    mimetype="application/json")


def respond(template: str, data: dict[str, Any], **context: Any) -> Response | str:
    """The page: `template` rendered with `data` (and objects only people see, `context`), or
    `data` itself as JSON for ``?format=json``: the same facts."""
    if wants_json():
        return json_response(data)
    return render_template(template, data=data, **context)


def _security_headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)  # the raw page sets a stricter CSP of its own
    return response


def _error(status: int, title: str, message: str) -> tuple[Response | str, int]:
    if wants_json():
        return json_response({"error": message, "status": status}, status), status
    return render_template("error.html", status=status, title=title, message=message), status


def _http_error(exc: HTTPException) -> tuple[Response | str, int]:
    status = exc.code or 500
    titles = {400: "طلب غير صالح", 404: "غير موجود", 405: "هذا الموقع للقراءة فقط"}
    return _error(status, titles.get(status, exc.name), exc.description or exc.name)


def _archive_error(exc: ArchiveError) -> tuple[Response | str, int]:
    if isinstance(exc, DatabaseError):
        return _error(503, "تعذرت قراءة الأرشيف", str(exc))
    return _error(400, "طلب غير صالح" if isinstance(exc, QueryError) else "خطأ", str(exc))


def _unexpected_error(exc: Exception) -> tuple[Response | str, int]:
    log.exception("unexpected error serving %s", request.full_path)
    return _error(500, "خطأ غير متوقع", f"unexpected {type(exc).__name__}: a bug (the server's log has the details)")
