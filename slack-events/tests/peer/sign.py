"""Slack's Python SDK on both sides of request signing, for tests/python_peer.rs.

Reads on stdin a JSON list of requests signed by the Rust crate ({secret, timestamp, body,
signature}) and checks each with SignatureVerifier.is_valid; makes its own random requests
and signs them with generate_signature. Prints {"rust_signed_valid": [...], "python_signed":
[...]} as JSON.
"""

import json
import random
import sys
import time

from slack_sdk.signature import SignatureVerifier

rust_signed = json.load(sys.stdin)
valid = [
    SignatureVerifier(signing_secret=case["secret"]).is_valid(
        body=case["body"], timestamp=str(case["timestamp"]), signature=case["signature"]
    )
    for case in rust_signed
]

rng = random.Random(20261101)
alphabet = "abcXYZ019 {}[]\":,=&%+/\\\n\té€😀\u0000"
now = int(time.time())
python_signed = []
for _ in range(200):
    secret = "".join(rng.choice("0123456789abcdef") for _ in range(rng.randint(1, 40)))
    body = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 300)))
    timestamp = str(now - rng.randint(0, 300))
    signature = SignatureVerifier(signing_secret=secret).generate_signature(
        timestamp=timestamp, body=body
    )
    python_signed.append(
        {"secret": secret, "timestamp": timestamp, "body": body, "signature": signature}
    )

print(json.dumps({"rust_signed_valid": valid, "python_signed": python_signed}))
