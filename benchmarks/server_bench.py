"""Time the language server from a change to its diagnostics: ``soracheck server`` started over
stdio and driven by pygls's client, on the generated 50-shot and 5,000-shot storyboards of
``lint_bench.py``. Each change edits one shot's action; the time is from sending ``didChange`` to
receiving the ``publishDiagnostics`` of that version, less the debounce the server waits for
(``soracheck.server.DEBOUNCE``): what is left is the server's own work. Median of ``--runs``
(and the slowest). Target: within 50 ms of the debounce on 50 shots. A hover asked while each
lint runs is timed too: lints run off the server's event loop, so the editor is answered.

    python benchmarks/server_bench.py [--runs 20]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

from soracheck.server import DEBOUNCE

sys.path.insert(0, str(Path(__file__).resolve().parent))
from lint_bench import storyboard

SORACHECK = Path(sys.executable).parent / "soracheck"


async def changes(path: Path, runs: int, answered: list[float]) -> list[float]:
    """Seconds from each ``didChange`` to its diagnostics, less the debounce; and in ``answered``,
    the seconds a hover asked just after the debounce (while the lint runs) took."""
    client = LanguageClient("server-bench", "1")
    arrived: dict[int, float] = {}
    event = asyncio.Event()

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.version is not None:
            arrived[params.version] = time.perf_counter()
            event.set()

    await client.start_io(str(SORACHECK), "server")
    await client.initialize_async(
        types.InitializeParams(capabilities=types.ClientCapabilities(), root_uri=path.parent.as_uri(), process_id=None)
    )
    client.initialized(types.InitializedParams())
    uri = path.as_uri()
    text = path.read_text()
    client.text_document_did_open(
        types.DidOpenTextDocumentParams(
            text_document=types.TextDocumentItem(uri=uri, language_id="yaml", version=1, text=text)
        )
    )
    while 1 not in arrived:  # the first lint, on open, warms the server
        event.clear()
        await event.wait()
    taken = []
    for version in range(2, 2 * runs + 2):  # the first half timed alone; in the second, a hover during each lint
        changed = text.replace("action: ", f"action: Take {version}. ", 1)
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[types.TextDocumentContentChangeWholeDocument(text=changed)],
            )
        )
        if version >= runs + 2:
            await asyncio.sleep(DEBOUNCE + 0.005)  # the lint has begun
            asked = time.perf_counter()
            at = types.Position(line=text[: text.index("action: ")].count("\n"), character=6)
            await client.text_document_hover_async(
                types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=at)
            )
            answered.append(time.perf_counter() - asked)
        while version not in arrived:
            event.clear()
            await event.wait()
        if version < runs + 2:
            taken.append(arrived[version] - sent - DEBOUNCE)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        for shots in (50, 5000):
            path = Path(folder) / f"board-{shots}.yaml"
            path.write_text(storyboard(shots))
            answered: list[float] = []
            taken = asyncio.run(changes(path, args.runs, answered))
            print(
                f"{shots:>5} shots: didChange → publishDiagnostics {statistics.median(taken) * 1000:7.1f} ms "
                f"after the {DEBOUNCE * 1000:.0f} ms debounce (median of {len(taken)}; slowest "
                f"{max(taken) * 1000:.1f} ms)" + (" — target ≤ 50 ms" if shots == 50 else "")
            )
            print(
                f"{'':>5}        a hover during the lint answered in {statistics.median(answered) * 1000:7.1f} ms (median)"
            )


if __name__ == "__main__":
    main()
