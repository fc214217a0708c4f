"""Links, codes and the session key of the phone page: kept in `taskboard.actions.phone_links`.

The board's roster makes links too, and the board never imports the web
server, so the file's rules live below both; the server reads them from here.
"""

from taskboard.actions.phone_links import (
    CODE_DIGITS,
    CODE_SCRYPT,
    CODE_TTL_S,
    TOKEN_BYTES,
    Access,
    AccessError,
    access_path,
    hash_code,
    token_hash,
)

__all__ = [
    "CODE_DIGITS",
    "CODE_SCRYPT",
    "CODE_TTL_S",
    "TOKEN_BYTES",
    "Access",
    "AccessError",
    "access_path",
    "hash_code",
    "token_hash",
]
