"""Run the Twilio-compatible test server in its own process (its own GIL).

Prints its base URL on stdout, then serves until stdin closes.
"""

import sys

from tests.fakes.twilio_server import FakeTwilio

ACCOUNT_SID = "AC" + "b" * 32
AUTH_TOKEN = "c" * 32

if __name__ == "__main__":
    with FakeTwilio(account_sid=ACCOUNT_SID, auth_token=AUTH_TOKEN) as server:
        print(server.base_url, flush=True)
        sys.stdin.read()
        print(f"violations={len(server.violations)} messages={len(server.messages)}",
              file=sys.stderr, flush=True)
