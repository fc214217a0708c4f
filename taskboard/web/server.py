"""The phone page: a Starlette app on uvicorn, served by the office laptop.

Volunteers sign in with their personal link or their phone number and a code
from the coordinator, see only their own upcoming work and hours, and confirm
or decline what was proposed to them through the same action as `taskboard
assignment set` (`actions.set_state`: rules, history, the next candidate
offered on a decline). A second coordinator signs in with the coordinator's
password and sees the board (read only) and the day's crews.

The server opens its own `Store` on the data file, so every change is saved
through the store's one-writer path (lock, journal) and an open board notices
it at its next poll, as it notices the CLI's. One lock serialises each
request's reading, writing and rendering: the language is process-wide
(`set_language`) and the store's records are shared dicts. Pages are small,
so this costs little; see docs/threat-model.md for what is refused.
"""

from __future__ import annotations

import datetime as dt
import hmac
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
import uvicorn
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from taskboard.actions import set_state
from taskboard.i18n import _, language, set_language
from taskboard.model import AssignmentState
from taskboard.settings import check_pin, current_day, load_settings
from taskboard.store import Store, StoreError
from taskboard.web import session as sessions
from taskboard.web.access import Access
from taskboard.web.limits import Limiter
from taskboard.web.views import board_columns, day_view, hours_text, tel_href, volunteer_page

COOKIE = "taskboard_session"
MAX_BODY = 16 * 1024
"""Bytes a request body may hold: the largest form is a phone number and a code."""
LANGS = ("zh", "en")
DEFAULT_LANG = "zh"
CSP = (
    "default-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)
SECURE_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
)
"""Sent with every response: no framing, no sniffing, no referrer (links carry tokens)."""
ANSWERS = {"confirm": AssignmentState.CONFIRMED, "decline": AssignmentState.DECLINED}
HERE = Path(__file__).parent


@dataclass
class Server:
    """What every request works with: the data, the access file, limits and templates."""

    store: Store
    access: Access
    today: Callable[[], dt.date] = current_day
    limiter: Limiter = field(default_factory=Limiter)
    lock: threading.RLock = field(default_factory=threading.RLock)
    templates: jinja2.Environment = field(init=False)

    def __post_init__(self) -> None:
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
        )

    @contextmanager
    def speaking(self, lang: str) -> Iterator[None]:
        """One request at a time reads, writes and renders, in its own language."""
        with self.lock:
            before = language()
            set_language(lang)
            try:
                self.store.refresh()
                yield
            finally:
                set_language(before)

    def render(self, name: str, lang: str, session: sessions.Session, **values: Any) -> str:
        """A template filled in (call inside `speaking`)."""
        return self.templates.get_template(name).render(
            _=_,
            lang=lang,
            other_lang="en" if lang == "zh" else "zh",
            csrf=session["csrf"],
            **values,
        )


# Sessions --------------------------------------------------------------------------------------
def session_of(server: Server, request: Request) -> sessions.Session:
    """The request's session (a new, anonymous one when it has none or a forged one)."""
    found = sessions.decode(request.cookies.get(COOKIE), server.access.session_key())
    session = found if found is not None else sessions.new_session()
    wanted = request.query_params.get("lang")
    if wanted in LANGS:
        session["lang"] = wanted
    session.setdefault("lang", DEFAULT_LANG)
    return session


def with_session(server: Server, response: Response, session: sessions.Session) -> Response:
    """`response` carrying the session cookie: HttpOnly, SameSite=Strict, whole site."""
    response.set_cookie(
        COOKIE,
        sessions.encode(session, server.access.session_key()),
        max_age=sessions.MAX_AGE_S,
        httponly=True,
        samesite="strict",
        path="/",
    )
    return response


def html(server: Server, text: str, session: sessions.Session, status: int = 200) -> Response:
    """An HTML page with the session cookie."""
    return with_session(
        server, Response(text, status_code=status, media_type="text/html; charset=utf-8"), session
    )


def go(server: Server, path: str, session: sessions.Session) -> Response:
    """A redirect after a sign-in or a POST (303: the phone GETs the page)."""
    return with_session(server, RedirectResponse(path, status_code=303), session)


def not_found() -> Response:
    """The same plain 404 for a wrong link, someone else's assignment or a missing page."""
    return PlainTextResponse("Not Found", status_code=404)


def client(request: Request) -> str:
    """The limiter's key for the request's address."""
    return f"ip:{request.client.host if request.client else '?'}"


async def checked_form(server: Server, request: Request) -> tuple[sessions.Session, FormData]:
    """The posted form, refused (403) unless it carries the session's CSRF token."""
    found = sessions.decode(request.cookies.get(COOKIE), server.access.session_key())
    form = await request.form()
    sent = form.get("csrf")
    if found is None or not isinstance(sent, str) or not hmac.compare_digest(sent, found["csrf"]):
        raise HTTPException(403, "Forbidden")
    found.setdefault("lang", DEFAULT_LANG)
    return found, form


# Volunteers ------------------------------------------------------------------------------------
def signed_in_volunteer(server: Server, session: sessions.Session) -> dict[str, Any] | None:
    """The live volunteer the session belongs to, unless their link was rotated since."""
    volunteer_id = session.get("volunteer")
    if not isinstance(volunteer_id, str):
        return None
    if int(session.get("epoch", -1)) != server.access.epoch(volunteer_id):
        return None
    doc = server.store.volunteers.get(volunteer_id)
    return doc if doc is not None and not doc.get("deleted") else None


def signed_in(session: sessions.Session, volunteer: str, epoch: int) -> sessions.Session:
    """A fresh session for `volunteer` (new CSRF token: nothing from before carries over)."""
    fresh = sessions.new_session()
    fresh.update(volunteer=volunteer, epoch=epoch, lang=session.get("lang", DEFAULT_LANG))
    return fresh


def by_phone(store: Store, phone: str) -> dict[str, Any] | None:
    """The one live volunteer with this phone number (digits compared), else None."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 5:
        return None
    found = [
        doc
        for doc in store.volunteers.live()
        if "".join(ch for ch in doc.get("phone") or "" if ch.isdigit()) == digits
    ]
    return found[0] if len(found) == 1 else None


def make_app(
    db_path: Path,
    *,
    today: Callable[[], dt.date] = current_day,
    limiter: Limiter | None = None,
) -> Starlette:
    """The phone page for the data file at `db_path` (it opens its own store)."""
    server = Server(
        store=Store.open(db_path, who=None),
        access=Access.beside(db_path),
        today=today,
        limiter=limiter or Limiter(),
    )

    def page(name: str, session: sessions.Session, status: int = 200, **values: Any) -> Response:
        """A page; values given as functions (messages) are called in the page's language."""
        with server.speaking(session["lang"]):
            shown = {key: value() if callable(value) else value for key, value in values.items()}
            text = server.render(name, session["lang"], session, **shown)
        return html(server, text, session, status)

    async def home(request: Request) -> Response:
        return await run_in_threadpool(_home, request)

    def _home(request: Request) -> Response:
        session = session_of(server, request)
        with server.speaking(session["lang"]):
            if signed_in_volunteer(server, session) is not None:
                return go(server, "/me", session)
        return page("signin.html", session)

    async def link(request: Request) -> Response:
        return await run_in_threadpool(_link, request)

    def _link(request: Request) -> Response:
        session = session_of(server, request)
        if server.limiter.blocked(client(request)):
            return page("message.html", session, 429, message=_too_many)
        found = server.access.volunteer_of(str(request.path_params["token"]))
        with server.speaking(session["lang"]):
            doc = server.store.volunteers.get(found[0]) if found else None
            if found is None or doc is None or doc.get("deleted"):
                server.limiter.fail(client(request))
                return not_found()
        return go(server, "/me", signed_in(session, found[0], found[1]))

    async def sign_in(request: Request) -> Response:
        session, form = await checked_form(server, request)
        phone, code = str(form.get("phone", "")), str(form.get("code", "")).strip()
        return await run_in_threadpool(_sign_in, request, session, phone, code)

    def _sign_in(request: Request, session: sessions.Session, phone: str, code: str) -> Response:
        with server.speaking(session["lang"]):
            doc = by_phone(server.store, phone)
        keys = [client(request)] + ([f"volunteer:{doc['id']}"] if doc else [])
        if server.limiter.blocked(*keys):
            return page("signin.html", session, 429, error=_too_many)
        if doc is None or not server.access.use_code(doc["id"], code):
            server.limiter.fail(*keys)
            return page("signin.html", session, 401, error=_wrong_code, phone=phone)
        server.limiter.clear(*keys)
        epoch = server.access.epoch(doc["id"])
        return go(server, "/me", signed_in(session, doc["id"], epoch))

    async def me(request: Request) -> Response:
        return await run_in_threadpool(_me, request)

    def _me(request: Request) -> Response:
        session = session_of(server, request)
        with server.speaking(session["lang"]):
            doc = signed_in_volunteer(server, session)
            if doc is None:
                return go(server, "/", session)
            view = volunteer_page(server.store, doc, server.today())
            notice = {"confirmed": _("Thank you: confirmed."), "declined": _("Declined.")}.get(
                request.query_params.get("done", "")
            )
            text = server.render(
                "me.html",
                session["lang"],
                session,
                page=view,
                hours=hours_text,
                tel=tel_href,
                notice=notice,
            )
        return html(server, text, session)

    async def answer(request: Request) -> Response:
        session, form = await checked_form(server, request)
        chosen = ANSWERS.get(str(form.get("answer", "")))
        assignment = str(form.get("assignment", ""))
        return await run_in_threadpool(_answer, session, assignment, chosen)

    def _answer(
        session: sessions.Session, assignment: str, chosen: AssignmentState | None
    ) -> Response:
        with server.speaking(session["lang"]):
            doc = signed_in_volunteer(server, session)
            if doc is None:
                return go(server, "/", session)
            found = server.store.assignments.get(assignment)
            if chosen is None or found is None or found.get("deleted"):
                return not_found()
            if found["volunteer"] != doc["id"]:
                return not_found()
            try:
                with server.store.acting_as(str(doc["name"])):
                    set_state(
                        server.store,
                        found["task"],
                        doc["id"],
                        chosen,
                        skill=found["skill"],
                        today=server.today(),
                        settings=load_settings().match,
                    )
            except StoreError as error:
                text = server.render("message.html", session["lang"], session, message=str(error))
                return html(server, text, session, 409)
        return go(server, f"/me?done={chosen.value}", session)

    async def sign_out(request: Request) -> Response:
        session, _form = await checked_form(server, request)
        fresh = sessions.new_session()
        fresh["lang"] = session.get("lang", DEFAULT_LANG)
        return go(server, "/", fresh)

    # The coordinator view --------------------------------------------------------------------
    def coordinator_ok(session: sessions.Session) -> bool:
        stored = load_settings().serve_password
        return bool(stored) and session.get("coordinator") == _password_mark(str(stored))

    async def coordinator(request: Request) -> Response:
        return await run_in_threadpool(_coordinator, request)

    def _coordinator(request: Request) -> Response:
        session = session_of(server, request)
        if not coordinator_ok(session):
            return page("coordinator_signin.html", session)
        with server.speaking(session["lang"]):
            text = server.render(
                "board.html", session["lang"], session, columns=board_columns(server.store)
            )
        return html(server, text, session)

    async def coordinator_day(request: Request) -> Response:
        return await run_in_threadpool(_coordinator_day, request)

    def _coordinator_day(request: Request) -> Response:
        session = session_of(server, request)
        if not coordinator_ok(session):
            return go(server, "/coordinator", session)
        with server.speaking(session["lang"]):
            title, crews = day_view(server.store, server.today())
            text = server.render("day.html", session["lang"], session, title=title, crews=crews)
        return html(server, text, session)

    async def coordinator_sign_in(request: Request) -> Response:
        session, form = await checked_form(server, request)
        password = str(form.get("password", ""))
        return await run_in_threadpool(_coordinator_sign_in, request, session, password)

    def _coordinator_sign_in(
        request: Request, session: sessions.Session, password: str
    ) -> Response:
        keys = (client(request), "coordinator")
        if server.limiter.blocked(*keys):
            return page("coordinator_signin.html", session, 429, error=_too_many)
        stored = load_settings().serve_password
        if not stored or not check_pin(password, stored):
            server.limiter.fail(*keys)
            return page("coordinator_signin.html", session, 401, error=_wrong_password)
        server.limiter.clear(*keys)
        fresh = sessions.new_session()
        fresh.update(coordinator=_password_mark(stored), lang=session.get("lang", DEFAULT_LANG))
        return go(server, "/coordinator", fresh)

    async def style(request: Request) -> Response:
        css = (HERE / "style.css").read_text(encoding="utf-8")
        return Response(css, media_type="text/css; charset=utf-8")

    async def missing(request: Request, error: Exception) -> Response:
        if isinstance(error, HTTPException) and error.status_code == 403:
            return PlainTextResponse("Forbidden", status_code=403)
        if isinstance(error, HTTPException) and error.status_code == 405:
            return PlainTextResponse("Method Not Allowed", status_code=405)
        return not_found()

    app = Starlette(
        routes=[
            Route("/", home),
            Route("/v/{token}", link),
            Route("/signin", sign_in, methods=["POST"]),
            Route("/me", me),
            Route("/me/answer", answer, methods=["POST"]),
            Route("/signout", sign_out, methods=["POST"]),
            Route("/coordinator", coordinator),
            Route("/coordinator/signin", coordinator_sign_in, methods=["POST"]),
            Route("/coordinator/day", coordinator_day),
            Route("/style.css", style),
        ],
        exception_handlers={HTTPException: missing},
    )
    app.state.server = server
    return SecureHeaders(BodyLimit(app))  # type: ignore[return-value]


def _too_many() -> str:
    return _("Too many wrong tries. Wait a quarter of an hour, or ask the coordinator.")


def _wrong_code() -> str:
    return _("That phone number and code do not match. Ask the coordinator for a code.")


def _wrong_password() -> str:
    return _("That is not the password.")


def _password_mark(stored: str) -> str:
    """What a coordinator's session remembers of the password: a new password ends it."""
    return stored.rsplit("$", 1)[-1][:16]


# Middleware ------------------------------------------------------------------------------------
class SecureHeaders:
    """Adds `SECURE_HEADERS` to every response, errors included."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _value in SECURE_HEADERS}
                kept = [(k, v) for k, v in message.get("headers", []) if k not in names]
                message["headers"] = kept + list(SECURE_HEADERS)
            await send(message)

        await self.app(scope, receive, sending)


class TooLarge(Exception):
    """The body grew past `MAX_BODY` while it was read."""


class BodyLimit:
    """Refuses (413) a request whose body is larger than `MAX_BODY`, said or sent."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                raise TooLarge
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, sending)
        except TooLarge:
            if not started:
                await _too_large(send)


async def _too_large(send: Send) -> None:
    response = PlainTextResponse("Request Entity Too Large", status_code=413)
    await response({"type": "http"}, _no_body, send)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


# Running ---------------------------------------------------------------------------------------
def uvicorn_server(app: Callable[..., Awaitable[None]], host: str, port: int) -> uvicorn.Server:
    """A uvicorn server for `app` that a caller runs (`run()`) and stops (`should_exit`)."""
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        access_log=False,
        server_header=False,
        proxy_headers=False,
        limit_concurrency=400,
        timeout_keep_alive=5,
    )
    return uvicorn.Server(config)


@dataclass
class Running:
    """A server started in a thread of this process (tests, load checks)."""

    server: uvicorn.Server
    thread: threading.Thread
    url: str

    def stop(self) -> None:
        """Ask the server to finish and wait for its thread."""
        self.server.should_exit = True
        self.thread.join(timeout=10)


def start_in_thread(
    db_path: Path, *, host: str = "127.0.0.1", port: int = 0, **options: Any
) -> Running:
    """Serve the data file at `db_path` from a thread; returns once it accepts requests.

    `port=0` picks a free port. `options` go to `make_app` (e.g. `today`)."""
    import socket
    import time

    if port == 0:
        with socket.socket() as probe:
            probe.bind((host, 0))
            port = int(probe.getsockname()[1])
    server = uvicorn_server(make_app(db_path, **options), host, port)
    thread = threading.Thread(target=server.run, name="taskboard-web", daemon=True)
    thread.start()
    for _attempt in range(200):
        if server.started:
            break
        time.sleep(0.02)
    else:
        server.should_exit = True
        raise StoreError(f"the phone page did not start on {host}:{port}")
    return Running(server, thread, f"http://{host}:{port}")
