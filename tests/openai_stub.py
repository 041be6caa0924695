"""A small OpenAI-compatible HTTP server on 127.0.0.1 for tests and benchmarks.

It answers ``POST /v1/chat/completions`` the way the OpenAI API does, so the real ``openai`` SDK runs
unmodified over real HTTP. Each request is recorded (path, headers, JSON body). Answers come from a
script of :class:`Reply` objects, one per request, then from ``fallback`` (a function of the request
body), so a test can inject each failure — an HTTP error, a slow answer, a truncated or malformed
plan — and assert exactly what the client sent.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    """One scripted answer: an HTTP status, a JSON body, headers, and how long to wait before sending it."""

    status: int = 200
    body: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


def completion(content: str, finish_reason: str = "stop", model: str = "stub-model") -> Reply:
    """A chat completion whose one choice says ``content``."""
    return Reply(
        body={
            "id": "chatcmpl-stub",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content, "refusal": None},
                    "finish_reason": finish_reason,
                    "logprobs": None,
                }
            ],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
        }
    )


def plan(rationale: str, ops: list[dict[str, Any]], not_understood: Iterable[str] = ()) -> Reply:
    """A completion answering with an edit plan."""
    document = {"rationale": rationale, "ops": ops, "not_understood": list(not_understood)}
    return completion(json.dumps(document))


def error(status: int, message: str, retry_after_ms: int | None = 5) -> Reply:
    """An API error in OpenAI's shape; ``retry-after-ms`` keeps the SDK's retries fast."""
    headers = {} if retry_after_ms is None else {"retry-after-ms": str(retry_after_ms)}
    return Reply(status, {"error": {"message": message, "type": "server_error", "code": None}}, headers)


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    def user_message(self) -> str:
        return next(m["content"] for m in self.body["messages"] if m["role"] == "user")


class StubServer:
    """Start with ``with StubServer(replies) as stub:``; the SDK's base URL is ``stub.url``."""

    def __init__(
        self, replies: Iterable[Reply] = (), fallback: Callable[[dict[str, Any]], Reply] | None = None
    ) -> None:
        self.replies: deque[Reply] = deque(replies)
        self.fallback = fallback
        self.requests: list[Request] = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> StubServer:
        threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def script(self, *replies: Reply) -> None:
        """Queue answers for the next requests."""
        self.replies.extend(replies)

    def _answer(self, request: Request) -> Reply:
        with self._lock:
            self.requests.append(request)
            if request.path != "/v1/chat/completions":
                return error(404, f"no route {request.path}", None)
            if self.replies:
                return self.replies.popleft()
        if self.fallback is not None:
            return self.fallback(request.body)
        return error(500, "the stub has no scripted reply left", None)

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                reply = stub._answer(Request(self.path, dict(self.headers), body))
                time.sleep(reply.delay)
                payload = json.dumps(reply.body).encode()
                try:
                    self.send_response(reply.status)
                    self.send_header("content-type", "application/json")
                    self.send_header("content-length", str(len(payload)))
                    for name, value in reply.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up waiting (a timeout test)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
