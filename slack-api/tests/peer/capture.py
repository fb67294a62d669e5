"""Slack's own Python SDK (slack_sdk, from PyPI) makes ordinary calls against a server on
127.0.0.1 that records each request as it arrived and answers {"ok": true}. Prints the
requests as JSON (bodies as lists of bytes) for slack-api's wire test, which decodes them."""
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from slack_sdk import WebClient

CAPTURED = []


class Recorder(BaseHTTPRequestHandler):
    def _record(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        path, _, query = self.path.partition("?")
        CAPTURED.append({
            "verb": self.command,
            "method": path.rsplit("/", 1)[-1],
            "query": query or None,
            "content_type": self.headers.get("Content-Type"),
            "authorization": self.headers.get("Authorization"),
            "body": list(body),
        })
        answer = b'{"ok": true}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    do_GET = _record
    do_POST = _record

    def log_message(self, *args):
        pass


def main():
    server = HTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client = WebClient(
        token="xoxb-peer-token",
        base_url=f"http://127.0.0.1:{server.server_port}/api/",
    )
    client.chat_postMessage(
        channel="C123",
        text="hello",
        blocks=[{"type": "divider"}],
        unfurl_links=False,
    )
    client.conversations_list(limit=5, types="public_channel,private_channel")
    client.conversations_history(channel="C123", limit=2, inclusive=True)
    client.users_setPhoto(image=b"\x89PNG fake image bytes")
    client.reactions_add(channel="C123", name="thumbsup", timestamp="1.2")
    client.admin_users_session_resetBulk(user_ids=["U1", "U2"])
    client.auth_test()
    client.api_call("auth.test", params={"token": "xoxb-peer-token"}, http_verb="GET")
    server.shutdown()
    print(json.dumps(CAPTURED))


if __name__ == "__main__":
    main()
