"""`taskboard serve` and `taskboard volunteer link`: the phone page and who may open it.

The web front end (`taskboard.web`) loads only inside these commands, each
import in the function that needs it, so `--version` and `task list` never
load Starlette, uvicorn or Jinja2.
"""

from __future__ import annotations

import argparse
import dataclasses
import socket
import sys
from typing import Any

from taskboard.cli import values
from taskboard.cli.context import Context
from taskboard.i18n import _
from taskboard.settings import PASSWORD_MIN, PASSWORD_REASON, hash_password, save_settings
from taskboard.settings import settings_path as settings_file
from taskboard.sheets.qr import is_loopback, page_address

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


def print_qr(ctx: Context, url: str, *, with_url: bool = True) -> None:
    """The address (unless said already) and its QR code."""
    from taskboard.sheets.qr import qr_lines

    if with_url:
        ctx.echo(url)
    for line in qr_lines(url):
        ctx.echo(line)


def serve(ctx: Context) -> int:
    """Serve the phone page until ctrl+c; refuses a reachable address without a password."""
    args = ctx.args
    if args.set_password:
        return set_password(ctx)
    host = args.host
    if not is_loopback(host) and not ctx.settings.serve_password:
        raise values.OptionError(
            _(
                "{host} can be reached by other devices: set the coordinator's password first"
                " (taskboard serve --set-password)"
            ).format(host=host)
        )
    if not 0 < args.port < 65536:
        raise values.OptionError(_("--port must be 1 to 65535"))
    ctx.store()  # the data file must exist: one clear line before anything starts
    refuse_taken_port(host, args.port)
    from taskboard.web.access import Access
    from taskboard.web.server import make_app, uvicorn_server

    url = page_address(host, args.port)
    Access.beside(ctx.db_path).remember_address(url)
    server = uvicorn_server(make_app(ctx.db_path), host, args.port)
    ctx.say("The phone page is at {url} (ctrl+c stops it)", url=url)
    print_qr(ctx, url, with_url=False)
    ctx.out.flush()
    server.run()
    return 0


def refuse_taken_port(host: str, port: int) -> None:
    """One clear line, before anything is printed, when the address cannot be served."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as error:
        raise values.OptionError(
            _("could not serve on {host}:{port} (is it in use?)").format(host=host, port=port)
            + f": {error.strerror or error}"
        ) from None


def set_password(ctx: Context) -> int:
    """Ask for the coordinator's password (twice at a terminal) and keep its scrypt hash."""
    first = values.read_secret(_("New password: "))
    if len(first) < PASSWORD_MIN:
        raise values.OptionError(_(PASSWORD_REASON))
    if sys.stdin.isatty() and values.read_secret(_("The same password again: ")) != first:
        raise values.OptionError(_("the two passwords differ; nothing changed"))
    settings = dataclasses.replace(ctx.settings, serve_password=hash_password(first))
    path = settings_file()
    save_settings(settings, path)
    ctx.say("Coordinator password saved (hashed) in {path}", path=path)
    return 0


def new_phone_link(ctx: Context, volunteer_id: str, name: str) -> str:
    """A fresh phone-page link for the volunteer, said on stderr (the sheet is the output).

    Only a link's hash is kept, so a sheet can carry one only by making it anew:
    an earlier link stops working, which is said plainly."""
    from taskboard.web.access import Access

    access = Access.beside(ctx.db_path)
    had = access.epoch(volunteer_id) > 0
    token = access.new_link(volunteer_id, rotate=True)
    if had:
        message = _(
            "{name}'s earlier phone-page link no longer works; this sheet carries the new one"
        )
    else:
        message = _("{name} now has a phone-page link; it is printed only on this sheet")
    ctx.err.write(message.format(name=name) + "\n")
    return access.url(token)


def volunteer_link(ctx: Context) -> int:
    """Make a volunteer's personal link (or with `--code` a sign-in code) and print it."""
    from taskboard.web.access import CODE_TTL_S, Access

    args = ctx.args
    store = ctx.store()
    volunteer = store.find_volunteer(args.who_ref)
    access = Access.beside(ctx.db_path)
    if args.code:
        code = access.new_code(volunteer["id"])
        ctx.say(
            "Sign-in code for {name}: {code} (works once, for {hours} hours, with their phone"
            " number)",
            name=volunteer["name"],
            code=code,
            hours=CODE_TTL_S // 3600,
        )
        return 0
    token = access.new_link(volunteer["id"], rotate=args.rotate)
    url = access.url(token, args.url)
    if args.rotate:
        ctx.say("New link for {name} (the old one no longer works):", name=volunteer["name"])
    else:
        ctx.say("Personal link for {name} (shown only now):", name=volunteer["name"])
    print_qr(ctx, url)
    return 0


def register(commands: argparse._SubParsersAction[Any], common: argparse.ArgumentParser) -> None:
    """Add `serve` to the CLI."""
    p = commands.add_parser(
        "serve", parents=[common], help="the phone page for volunteers on the office Wi-Fi"
    )
    p.add_argument(
        "--host",
        default=DEFAULT_HOST,
        metavar="ADDR",
        help="address to listen on (default 127.0.0.1; the laptop's Wi-Fi address or 0.0.0.0"
        " to let phones in, which needs --set-password first)",
    )
    p.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N", help="default 8765")
    p.add_argument(
        "--set-password",
        action="store_true",
        help="set the coordinator's password (the coordinator view; needed off 127.0.0.1)",
    )
    p.set_defaults(func=serve)


def link_options(p: argparse.ArgumentParser) -> None:
    """The phone-page options of `volunteer link VOLUNTEER` (the volunteer commands' parser
    owns `link`: with a second name it links two records of one person)."""
    p.add_argument("--rotate", action="store_true", help="replace the link (the old one stops)")
    p.add_argument(
        "--code", action="store_true", help="a fresh six-digit code to sign in with the phone"
    )
    p.add_argument("--url", metavar="URL", help="the server's address (default: where it last ran)")
