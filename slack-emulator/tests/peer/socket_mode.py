"""Socket Mode with Slack's own Python SDK (slack_sdk's built-in WebSocket client) against
the emulator.

Usage: socket_mode.py BASE_URL BOT_TOKEN APP_TOKEN LINGER_SECONDS. Prints one JSON line
once connected ({"connected": true}), then one for each events_api request it gets
({"envelope_id", "retry_attempt", "text"}), acknowledging each with a SocketModeResponse.
After the first, it keeps listening LINGER_SECONDS (so that a redelivery would show),
pinging every quarter second, then prints how long ago the server last answered a ping
with its pong ({"pong_age": seconds, or null for never}), closes and exits; it exits 1 if
no request comes within 20 seconds.
"""
import json
import sys
import threading
import time

from slack_sdk import WebClient
from slack_sdk.socket_mode import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

base_url, bot_token, app_token, linger = sys.argv[1:5]
received = threading.Event()


def say(line):
    print(json.dumps(line), flush=True)


def on_request(client: SocketModeClient, request: SocketModeRequest):
    if request.type != "events_api":
        return
    client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id))
    say({
        "envelope_id": request.envelope_id,
        "retry_attempt": request.retry_attempt,
        "text": request.payload["event"].get("text"),
    })
    received.set()


client = SocketModeClient(
    app_token=app_token,
    web_client=WebClient(token=bot_token, base_url=base_url),
    ping_interval=0.25,
)
client.socket_mode_request_listeners.append(on_request)
client.connect()
say({"connected": client.is_connected()})
if not received.wait(20):
    client.close()
    sys.exit("no events_api request within 20 seconds")
time.sleep(float(linger))
last_pong = client.current_session.last_ping_pong_time
say({"pong_age": None if last_pong is None else time.time() - last_pong})
client.close()
