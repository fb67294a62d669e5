"""The emulator's OAuth v2 driven by Slack's own Python SDK: the authorize URL from
slack_sdk's AuthorizeUrlGenerator, the redirect read without following it, the code
exchanged by WebClient.oauth_v2_access (client credentials in HTTP Basic), the tokens
checked with auth.test, then one refresh with the refresh token (rotation on).

Usage: oauth.py <api base url> <client id> <client secret>. One JSON line per step."""

import json
import sys
import urllib.error
import urllib.parse
import urllib.request

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth import AuthorizeUrlGenerator

base_url, client_id, client_secret = sys.argv[1:4]
origin = base_url.split("/api/")[0]
redirect_uri = "http://127.0.0.1:9/slack/oauth_redirect"


def say(**fields):
    print(json.dumps(fields), flush=True)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


url = AuthorizeUrlGenerator(
    client_id=client_id,
    redirect_uri=redirect_uri,
    scopes=["chat:write", "channels:read"],
    user_scopes=["search:read"],
    authorization_url=origin + "/oauth/v2/authorize",
).generate(state="peer-state-1")
try:
    urllib.request.build_opener(NoRedirect).open(url)
    say(step="authorize", error="no redirect")
    sys.exit(1)
except urllib.error.HTTPError as redirect:
    status, location = redirect.code, redirect.headers["Location"]
query = urllib.parse.parse_qs(urllib.parse.urlparse(location).query)
say(step="authorize", status=status, location=location.split("?")[0],
    state=query.get("state", [None])[0], has_code="code" in query)

client = WebClient(base_url=base_url)
access = client.oauth_v2_access(
    client_id=client_id, client_secret=client_secret,
    code=query["code"][0], redirect_uri=redirect_uri,
)
bot = access["access_token"]
user = access["authed_user"]["access_token"]
say(step="access", ok=access["ok"], token_type=access["token_type"],
    scope=access["scope"], team=access["team"]["id"], bot_user_id=access["bot_user_id"],
    user_scope=access["authed_user"]["scope"], has_refresh="refresh_token" in access.data)

me = WebClient(token=bot, base_url=base_url).auth_test()
say(step="auth.test bot", ok=me["ok"], user_id=me["user_id"], team_id=me["team_id"])
person = WebClient(token=user, base_url=base_url).auth_test()
say(step="auth.test user", ok=person["ok"], user_id=person["user_id"])

refreshed = client.oauth_v2_access(
    client_id=client_id, client_secret=client_secret,
    grant_type="refresh_token", refresh_token=access["refresh_token"],
)
new_bot = refreshed["access_token"]
again = WebClient(token=new_bot, base_url=base_url).auth_test()
say(step="refresh", ok=again["ok"], new_token=new_bot != bot, user_id=again["user_id"])

try:
    client.oauth_v2_access(
        client_id=client_id, client_secret=client_secret,
        grant_type="refresh_token", refresh_token=access["refresh_token"],
    )
    say(step="reuse", error=None)
except SlackApiError as error:
    say(step="reuse", error=error.response["error"])

try:
    client.oauth_v2_access(client_id=client_id, client_secret="wrong", code="x")
    say(step="wrong secret", error=None)
except SlackApiError as error:
    say(step="wrong secret", error=error.response["error"])
