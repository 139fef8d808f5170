"""`arabnews serve`: the archive as a local web site, a thin layer over `web.create_app(db)`."""
from __future__ import annotations

import socket

import click

from arabnews_archive.cli.common import UserError, db_option
from arabnews_archive.store.database import display_url

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Anything but this machine's own lets others read the archive: "
                   "there is no login.")
@click.option("--port", type=click.IntRange(0, 65535), default=8080, show_default=True, help="Port to listen on.")
@db_option
def serve_command(db: str | None, host: str, port: int) -> None:
    """Serve the archive as a web site to read in a browser, right to left: search with filters
    and marked passages, attention over time (charts, tables, CSV), sources and crawl health,
    each article with its Hijri date, revisions and stored page; every page also as JSON. Only
    reads; works offline. Python: arabnews_archive.web.create_app(db). Needs the web extra:
    pip install -e '.[web]'.

    \b
    Example:
        arabnews serve --db demo.db          # then open http://127.0.0.1:8080/
        arabnews serve --port 9000 --db postgresql://reader@db.example/archive
    """
    try:
        from werkzeug.serving import make_server

        from arabnews_archive.web import archive_of, create_app
    except ImportError as exc:
        raise UserError(f"serve needs the web extra ({exc.name} is not installed): pip install -e '.[web]'") from None
    app = create_app(db)
    try:
        # Bound here, not by werkzeug, which prints its own lines and exits when the port is taken.
        listening = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        archive_of(app).close()
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    with listening:  # the server works on its own copy of the socket
        port = listening.getsockname()[1]  # the one chosen, for --port 0
        server = make_server(host, port, app, threaded=True, fd=listening.fileno())
    if host not in LOCAL_HOSTS:
        click.echo(f"Warning: listening on {host}: anyone who can reach this address can read the archive "
                   "(there is no login)", err=True)
    shown = f"[{host}]" if ":" in host else host
    click.echo(f"Serving {display_url(archive_of(app).url)} at http://{shown}:{port}/ "
               "(Ctrl-C to stop)", err=True)
    try:
        server.serve_forever()  # returns on Ctrl-C
    finally:
        server.server_close()
        archive_of(app).close()
    click.echo("Stopped.", err=True)


def register(main: click.Group) -> None:
    main.add_command(serve_command)
