"""aiohttp application: Bot API URL routing, request decoding, faults and method dispatch."""

from __future__ import annotations

import json
import logging
from functools import partial
from typing import Any

from aiohttp import web

from bot.emulator import api_bot, api_messages
from bot.emulator.api_common import Call, Handler, Upload
from bot.emulator.control import add_control_routes
from bot.emulator.faults import NetworkFault
from bot.emulator.models import ApiError, JSONDict
from bot.emulator.platforms import BALE_UNSUPPORTED_METHODS
from bot.emulator.state import EmulatorState

log = logging.getLogger(__name__)

HANDLERS: dict[str, Handler] = {**api_bot.HANDLERS, **api_messages.HANDLERS}
_BY_LOWER: dict[str, str] = {name.lower(): name for name in HANDLERS}

# PTB sends str-typed parameters verbatim and JSON-encodes everything else; decoding these
# with json.loads would turn texts like "42" or "true" into numbers/booleans.
STRING_PARAMS = frozenset(
    {
        "text", "caption", "parse_mode", "callback_query_id", "file_id", "url",
        "secret_token", "action", "inline_message_id", "language_code", "photo", "document",
        "sticker", "business_connection_id", "message_effect_id", "name", "description",
        "short_description", "ip_address", "phone_number", "first_name", "last_name",
    }
)  # fmt: skip
STATE_KEY: web.AppKey[EmulatorState] = web.AppKey("emulator_state", EmulatorState)
MAX_BODY = 64 * 1024 * 1024

_dumps = partial(json.dumps, ensure_ascii=False)


def decode_value(name: str, raw: str) -> Any:
    if name in STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def read_params(request: web.Request) -> tuple[JSONDict, dict[str, Upload]]:
    params: JSONDict = {key: decode_value(key, value) for key, value in request.query.items()}
    files: dict[str, Upload] = {}
    if not request.body_exists:
        return params, files
    if request.content_type == "application/json":
        body = await request.json()
        if not isinstance(body, dict):
            raise ApiError(400, "Bad Request: request body must be a JSON object")
        params.update(body)
        return params, files
    form = await request.post()
    for key, value in form.items():
        if isinstance(value, web.FileField):
            files[key] = Upload(value.filename, value.file.read(), value.content_type)
        elif isinstance(value, str):
            params[key] = decode_value(key, value)
        else:
            params[key] = decode_value(key, bytes(value).decode("utf-8", "replace"))
    return params, files


def respond(result: Any = None, error: ApiError | None = None) -> web.Response:
    if error is not None:
        return web.json_response(error.payload(), status=error.code, dumps=_dumps)
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def _loggable(params: JSONDict, files: dict[str, Upload]) -> JSONDict:
    logged = dict(params)
    for key, upload in files.items():
        logged[key] = {"filename": upload.filename, "size": len(upload.data)}
    return logged


async def handle_api(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    token, method = request.match_info["token"], request.match_info["method"]
    bot = state.bots.get(token)
    if bot is None:
        return respond(error=ApiError(401, "Unauthorized"))
    name = _BY_LOWER.get(method.lower(), method)
    try:
        params, files = await read_params(request)
    except (ValueError, UnicodeDecodeError):
        return respond(error=ApiError(400, "Bad Request: can't parse request parameters"))
    except ApiError as exc:
        return respond(error=exc)
    state.method_counts[name] += 1
    if name != "getUpdates":
        state.calls.append((token, name, _loggable(params, files)))
    try:
        state.faults.check(token, name, params)
        handler = HANDLERS.get(name)
        if handler is None:
            raise ApiError(404, "Not Found")
        if bot.platform == "bale" and name.lower() in BALE_UNSUPPORTED_METHODS:
            raise ApiError(404, "Not Found")
        state.ratecap.check(token, name, params)
        result = await handler(Call(state, bot, name, params, files))
    except ApiError as exc:
        return respond(error=exc)
    except NetworkFault:
        # Drop the connection without a reply, like a reset between client and API.
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=500)
    return respond(result)


async def handle_file(request: web.Request) -> web.StreamResponse:
    state = request.app[STATE_KEY]
    bot = state.bots.get(request.match_info["token"])
    if bot is None:
        return respond(error=ApiError(401, "Unauthorized"))
    path = request.match_info["path"]
    for stored in bot.files.values():
        if stored.file_path == path:
            return web.Response(
                body=stored.data, content_type=stored.mime_type or "application/octet-stream"
            )
    return respond(error=ApiError(404, "Not Found"))


def build_app(state: EmulatorState, *, control: bool = True) -> web.Application:
    """The Bot API (and, unless disabled, the /_emulator control API) for ``state``."""
    app = web.Application(client_max_size=MAX_BODY)
    app[STATE_KEY] = state
    app.router.add_route("*", "/bot{token}/{method}", handle_api)
    app.router.add_get("/file/bot{token}/{path:.+}", handle_file)
    if control:
        add_control_routes(app, state)
    return app
