"""Ordinary bot calls with Slack's own Python SDK (slack_sdk) against the emulator.

Usage: bot.py BASE_URL BOT_TOKEN CHANNEL USER. Prints one JSON object: for each call, "ok",
or the error Slack's SDK raised (the error code from the answer).
"""
import json
import sys

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

base_url, token, channel, user = sys.argv[1:5]
client = WebClient(token=token, base_url=base_url)
results = {}


def call(label, fn, *args, **kwargs):
    try:
        response = fn(*args, **kwargs)
        results[label] = "ok"
        return response
    except SlackApiError as e:
        results[label] = e.response.get("error", "?")
        return None


call("auth.test", client.auth_test)
call("team.info", client.team_info)
call("users.info", client.users_info, user=user)
call("users.list", client.users_list, limit=1)
call("conversations.list", client.conversations_list, types="public_channel", exclude_archived=True)
call("conversations.info", client.conversations_info, channel=channel)
posted = call("chat.postMessage", client.chat_postMessage, channel=channel, text="hello from slack_sdk")
if posted:
    ts = posted["ts"]
    call("chat.postMessage (thread)", client.chat_postMessage, channel=channel, text="a reply", thread_ts=ts)
    call("chat.postMessage (blocks)", client.chat_postMessage, channel=channel, text="fallback",
         blocks=[{"type": "section", "text": {"type": "mrkdwn", "text": "*hi*"}}])
    call("chat.update", client.chat_update, channel=channel, ts=ts, text="edited")
    call("conversations.replies", client.conversations_replies, channel=channel, ts=ts)
    call("chat.delete", client.chat_delete, channel=channel, ts=ts)
call("conversations.history", client.conversations_history, channel=channel, limit=10)
call("conversations.members", client.conversations_members, channel=channel)
call("conversations.create", client.conversations_create, name="from-python")
uploaded = call("files_upload_v2", client.files_upload_v2, channel=channel, content="a,b\n1,2\n",
                filename="data.csv", title="Data", initial_comment="the data")
if uploaded:
    call("files.info", client.files_info, file=uploaded["file"]["id"])
    call("files.list", client.files_list, channel=channel)
call("emoji.list", client.emoji_list)
call("bots.info", client.bots_info)
call("reactions.list", client.reactions_list)

print(json.dumps(results))
