"""Draw Vega-Lite specs as SVG for the many short test processes of a mutation run.

A mutation run (``tools/mutation_score.py``) tests each mutant in a process forked
from a warm one. vl-convert cannot be used there: it hangs in a process forked
after it has drawn, and starting it afresh in every child costs seconds of CPU.
So the run starts this server once, as a process of its own, and
``tests.vega_spec.svg`` sends it each spec when ``SVG_SERVER_VARIABLE`` names its
socket. A mutant changes one function, so most specs a child draws are the same
as the last child's: the server keeps each drawing by the spec's text.

Run by ``tools/mutation_score.py``: ``python -m tests.svg_server SOCKET_PATH``.
"""

from __future__ import annotations

import json
import socket
import socketserver
import sys
from pathlib import Path

SVG_SERVER_VARIABLE = "CARTEL_LAB_SVG_SERVER"
_DRAWN: dict[str, str] = {}


def request_svg(address: str, spec: dict) -> str:
    """The SVG of ``spec``, drawn by the server listening on ``address``."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as connection:
        connection.connect(address)
        connection.sendall(json.dumps(spec, sort_keys=True).encode("utf-8"))
        connection.shutdown(socket.SHUT_WR)
        reply = json.loads(_read_all(connection))
    if "error" in reply:
        raise ValueError(f"vl-convert could not draw the spec: {reply['error']}")
    return reply["svg"]


def _read_all(connection: socket.socket) -> bytes:
    parts = []
    while chunk := connection.recv(1 << 16):
        parts.append(chunk)
    return b"".join(parts)


class _DrawOne(socketserver.BaseRequestHandler):
    """One connection: a spec in, its SVG (or vl-convert's error) out."""

    def handle(self) -> None:
        import vl_convert

        text = _read_all(self.request).decode("utf-8")
        if text not in _DRAWN:
            try:
                _DRAWN[text] = vl_convert.vegalite_to_svg(json.loads(text))
            except Exception as error:  # the child's test reports it, as a direct call would
                self.request.sendall(json.dumps({"error": str(error)}).encode("utf-8"))
                return
        self.request.sendall(json.dumps({"svg": _DRAWN[text]}).encode("utf-8"))


def serve(address: str) -> None:
    """Answer one connection at a time on the Unix socket ``address`` until killed."""
    Path(address).unlink(missing_ok=True)
    with socketserver.UnixStreamServer(address, _DrawOne) as server:
        server.serve_forever()


if __name__ == "__main__":
    serve(sys.argv[1])
