"""A Request URL checked by Slack's own Python SDK: an HTTP server on loopback that verifies
every request the emulator sends with slack_sdk's SignatureVerifier, as an app built on the
SDK does.

Usage: events_http.py SIGNING_SECRET WANTED. Prints {"port": N} once listening, then one
JSON line per request ({"valid", "type", "text"}): a valid url_verification is answered with
its challenge, any other valid request with 200, an invalid one with 401. Exits after WANTED
requests, or with 1 if they do not come within 20 seconds.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from slack_sdk.signature import SignatureVerifier

secret, wanted = sys.argv[1], int(sys.argv[2])
verifier = SignatureVerifier(signing_secret=secret)
seen = []
done = threading.Event()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        headers = {k.lower(): v for k, v in self.headers.items()}
        valid = verifier.is_valid_request(body, headers)
        payload = json.loads(body)
        event = payload.get("event") or {}
        print(json.dumps({"valid": valid, "type": payload.get("type"), "text": event.get("text")}),
              flush=True)
        answer = b""
        if not valid:
            self.send_response(401)
        elif payload.get("type") == "url_verification":
            self.send_response(200)
            answer = payload["challenge"].encode()
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)
        seen.append(valid)
        if len(seen) >= wanted:
            done.set()

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
print(json.dumps({"port": server.server_address[1]}), flush=True)
if not done.wait(20):
    sys.exit("the requests did not come within 20 seconds")
server.shutdown()
