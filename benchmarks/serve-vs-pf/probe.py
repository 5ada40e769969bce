"""Waits for a server's first 200 to POST PATH and prints the wall-clock time it came (seconds since the epoch).

    python3 probe.py PORT BODY_FILE ACCEPT RESPONSE_FILE [TIMEOUT_S]

Polls every 5 ms over a fresh connection; saves the 200's body to RESPONSE_FILE; exits 1 when the timeout passes.
run.sh starts it just before the server, so the probe's own start-up does not delay the measurement.
"""

import http.client
import sys
import time

port, body_file, accept, response_file = sys.argv[1:5]
timeout = float(sys.argv[5]) if len(sys.argv) > 5 else 60
body = open(body_file, "rb").read()
headers = {"Content-Type": "application/json", "Accept": accept}
deadline = time.time() + timeout
status = None
while time.time() < deadline:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=30)
        connection.request("POST", "/score", body, headers)
        response = connection.getresponse()
        data = response.read()
        status = response.status
        connection.close()
        if status == 200:
            print(f"{time.time():.6f}")
            open(response_file, "wb").write(data)
            sys.exit(0)
    except OSError:
        pass
    time.sleep(0.005)
print(f"no 200 (last status {status})", file=sys.stderr)
sys.exit(1)
