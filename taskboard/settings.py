"""User settings (a TOML file) and where the data file lives by default."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac
import os
import re
import tomllib
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ClassVar

import platformdirs

from taskboard.model.errors import describe_validation_error, validation_error
from taskboard.model.text import DATE_REASON, in_range, shown
from taskboard.model.values import OptionError, window
from taskboard.store.storage import write_atomic

if TYPE_CHECKING:  # pydantic checks a settings file only when there is one to read
    from pydantic import GetCoreSchemaHandler
    from pydantic_core import core_schema

APP_NAME = "taskboard"
DB_ENV = "TASKBOARD_DB"
CONFIG_ENV = "TASKBOARD_CONFIG"
TODAY_ENV = "TASKBOARD_TODAY"


class SettingsError(ValueError):
    """The settings file exists but cannot be used; the message names file and field."""


@dataclass(frozen=True)
class Between:
    """The rule for a number setting: from `low` to `high`, both included."""

    low: float
    high: float

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.float_schema(ge=self.low, le=self.high)

    def accepts(self, value: Any) -> bool:
        """True when `value` keeps the rule (the quick check without pydantic)."""
        return bool(self.low <= value <= self.high)


@dataclass(frozen=True)
class Matches:
    """The rule for a text setting: it matches `pattern`."""

    pattern: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.str_schema(pattern=self.pattern)

    def accepts(self, value: Any) -> bool:
        """True when `value` keeps the rule (a doubtful end of line is left to pydantic)."""
        found = re.search(self.pattern, value)
        return found is not None and found.end() == len(value)


@dataclass(frozen=True)
class Checked:
    """The rule for a setting that `check` accepts (it raises ValueError saying why not)."""

    check: Callable[[Any], Any]

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def accepts(self, value: Any) -> bool:
        """True when `check` takes `value` as it is."""
        try:
            return bool(self.check(value) == value)
        except ValueError:
            return False


Weight = Annotated[float, Between(0, 10)]
"""How much one matching preference counts; 0 switches it off."""
FORBID: dict[str, Any] = {"extra": "forbid"}
"""pydantic's config for each settings table: a misspelt setting is refused, not ignored."""

# The settings are plain dataclasses: the board starts with them (from a file, or the
# defaults) without importing pydantic; `settings_from` checks a file's values with
# pydantic against the rules written into the fields' types.


@dataclass
class MatchSettings:
    """How matching weighs the soft preferences (`[match]` in `settings.toml`).

    Each weight multiplies one part of a candidate's fit score, a number from
    0 to 1 (a wasted expert scores below 0); 0 switches the preference off.
    The hard rules are not settings: nothing here lets a minor weld.
    """

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID

    level: Weight = 1.0
    """Skill above the needed minimum (but a scarce expert is kept for hard slots)."""
    home_site: Weight = 1.0
    """The volunteer's home community is the task's."""
    fairness: Weight = 1.0
    """Fewer hours logged in the last 30 days ranks higher, spreading the work."""
    group: Weight = 1.0
    """The volunteer belongs to the group the task prefers (e.g. party members)."""
    continuity: Weight = 0.5
    """The volunteer is already on a related task (same community, kind and skill, or tag)."""
    auto_staff: bool = True
    """Move a task to staffed when every slot is filled, and back to open when one frees."""


def _valid_window(value: str) -> str:
    try:
        window("evening", value)
    except OptionError as error:
        raise ValueError(str(error)) from None
    return value


@dataclass
class CampaignSettings:
    """Visit campaigns (`[campaigns]` in `settings.toml`)."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID

    evening: Annotated[str, Checked(_valid_window)] = "18:30-20:30"
    """The window of a follow-up round: households not home by day are visited in the evening."""

    def evening_window(self) -> tuple[dt.time, dt.time]:
        """The follow-up window as start and end times."""
        return window("evening", self.evening)


@dataclass
class Settings:
    """What a coordinator can set in `settings.toml`."""

    __pydantic_config__: ClassVar[dict[str, Any]] = FORBID

    coordinator: str | None = None
    """Name written into the history of every change made on this laptop."""
    lang: str | None = None
    """`en` or `zh`; empty means follow the system locale."""
    theme: str = "textual-dark"
    """A Textual theme name for the board."""
    wip_limits: dict[str, int] = field(default_factory=dict)
    """Board column (status) → work-in-progress limit; a move past it warns."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id → keys, e.g. `"board.move_right" = "L,shift+right"`."""
    match: MatchSettings = field(default_factory=MatchSettings)
    """Weights of the matching preferences and whether tasks staff themselves."""
    campaigns: CampaignSettings = field(default_factory=CampaignSettings)
    """The evening window of follow-up visit rounds."""
    kiosk_pin: (
        Annotated[str, Matches(r"^scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}$")] | None
    ) = None
    """The coordinator's PIN for leaving the kiosk, salted and hashed (`hash_pin`)."""
    serve_password: (
        Annotated[str, Matches(r"^scrypt\$\d+\$\d+\$\d+\$[0-9a-f]{32}\$[0-9a-f]{64}$")] | None
    ) = None
    """The coordinator's password for the phone page's coordinator view, salted and
    hashed like the PIN (`hash_password`). `taskboard serve` refuses an address other
    phones can reach while it is unset."""


def settings_from(raw: dict[str, Any]) -> Settings:
    """Settings from the values of a settings file, checked (raises pydantic's ValidationError).

    Values that plainly keep every rule of the fields' types (the kinds TOML
    gives, within bounds) are taken at once; only anything else goes through
    pydantic, which converts what it can and says what is wrong. So a usual
    settings file costs the board's start no pydantic import."""
    plain = _plain(Settings, raw)
    if plain is not None:
        assert isinstance(plain, Settings)
        return plain
    from pydantic import TypeAdapter

    settings: Settings = TypeAdapter(Settings).validate_python(raw)
    return settings


_NOT_PLAIN = object()
"""What `_plain_value` gives for a value it leaves to pydantic."""


def _plain(cls: type[Any], raw: Any) -> Any:
    """An instance of the settings dataclass `cls` from `raw`, when every value plainly
    keeps its field's rules; None to let pydantic decide."""
    if type(raw) is not dict or not raw.keys() <= {f.name for f in dataclasses.fields(cls)}:
        return None
    hints = typing.get_type_hints(cls, include_extras=True)
    values = {}
    for name, value in raw.items():
        values[name] = _plain_value(hints[name], value)
        if values[name] is _NOT_PLAIN:
            return None
    return cls(**values)


def _plain_value(hint: Any, value: Any) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is Annotated:
        found = _plain_value(args[0], value)
        plain = found is not _NOT_PLAIN and all(rule.accepts(found) for rule in args[1:])
        return found if plain else _NOT_PLAIN
    if origin in (typing.Union, types.UnionType):
        if value is None and type(None) in args:
            return None
        others = [arg for arg in args if arg is not type(None)]
        return _plain_value(others[0], value) if len(others) == 1 else _NOT_PLAIN
    if origin is dict:
        if type(value) is not dict:
            return _NOT_PLAIN
        items = {_plain_value(args[0], k): _plain_value(args[1], v) for k, v in value.items()}
        plain = len(items) == len(value) and _NOT_PLAIN not in (*items, *items.values())
        return items if plain else _NOT_PLAIN
    if dataclasses.is_dataclass(hint):
        nested = _plain(typing.cast(type[Any], hint), value)
        return _NOT_PLAIN if nested is None else nested
    if hint is float and type(value) in (int, float):
        return float(value)
    return value if hint in (str, bool, int) and type(value) is hint else _NOT_PLAIN


PIN_PATTERN = re.compile(r"\d{4,12}")
"""A PIN is 4 to 12 digits: typed on any keyboard, never shown."""
PIN_REASON = "the PIN must be 4 to 12 digits"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt cost: a tenth of a second and 16 MB per check, so guessing a copied hash is slow."""


def hash_pin(pin: str) -> str:
    """`scrypt$N$r$p$salt$hash` of `pin` with a fresh random salt, for `kiosk_pin`.

    Only the hash is stored: someone who reads `settings.toml` learns no PIN
    and, with the salt, cannot look the hash up in a table made in advance."""
    if not PIN_PATTERN.fullmatch(pin):
        raise SettingsError(PIN_REASON)
    salt = os.urandom(16)
    digest = _scrypt(pin, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


PASSWORD_MIN = 8
PASSWORD_REASON = "the password must be at least 8 characters"


def hash_password(password: str) -> str:
    """`scrypt$…` of the coordinator's web password (like `hash_pin`, any characters).

    It is typed on a phone over the office Wi-Fi and checked by the server, so
    the server keeps only a slow salted hash: a copied `settings.toml` costs a
    tenth of a second per guess, and guesses over the network are rate-limited."""
    if len(password) < PASSWORD_MIN:
        raise SettingsError(PASSWORD_REASON)
    salt = os.urandom(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def check_pin(pin: str, stored: str) -> bool:
    """Whether `pin` is the one `stored` (from `hash_pin`) was made from."""
    try:
        _name, n, r, p, salt, digest = stored.split("$")
        computed = _scrypt(pin, bytes.fromhex(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(computed, bytes.fromhex(digest))


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=32, maxmem=2**26)


def settings_path() -> Path:
    """`$TASKBOARD_CONFIG`, else `settings.toml` in the user's config folder."""
    override = os.environ.get(CONFIG_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "settings.toml"


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing file means defaults."""
    path = path or settings_path()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except IsADirectoryError:
        raise SettingsError(f"{path} is a folder, not a settings file") from None
    except OSError as error:
        raise SettingsError(f"cannot read {path}: {error.strerror or error}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise SettingsError(f"{path}: not valid TOML ({error})") from error
    try:
        return settings_from(raw)
    except validation_error() as error:
        raise SettingsError(f"{path}: {describe_validation_error(error)}") from error


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def dump_settings(settings: Settings) -> str:
    """The settings as TOML (plain values first, then one table per mapping)."""
    plain, tables = [], []
    for name, value in dataclasses.asdict(settings).items():
        if value is None:
            continue
        if isinstance(value, dict):
            if value:
                rows = "\n".join(f"{_toml_value(k)} = {_toml_value(v)}" for k, v in value.items())
                tables.append(f"\n[{name}]\n{rows}\n")
        else:
            plain.append(f"{name} = {_toml_value(value)}\n")
    return "".join(plain) + "".join(tables)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings file (used to remember the theme chosen in the app)."""
    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, dump_settings(settings).encode("utf-8"))


def default_db_path() -> Path:
    """`$TASKBOARD_DB`, else `taskboard.json` in the user's data folder."""
    override = os.environ.get(DB_ENV)
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME) / "taskboard.json"


def current_day() -> dt.date:
    """The date the board and commands treat as today.

    `$TASKBOARD_TODAY` (an ISO date) when set — to look at the board as it will
    be on a coming day, and so that tests never depend on the calendar — else
    the computer's date.
    """
    override = os.environ.get(TODAY_ENV)
    if not override:
        return dt.date.today()
    try:
        day = dt.date.fromisoformat(override)
    except ValueError:
        raise SettingsError(
            f"${TODAY_ENV} must be a date like 2026-12-05 (got {override[:40]!r})"
        ) from None
    if not in_range(day):
        raise SettingsError(f"${TODAY_ENV} {DATE_REASON} (got {shown(override)})")
    return day
