"""The cross-API scenario through Python's standard xmlrpc.client (CrossApiScenarioTest).

Usage: CROSSNET_TOKEN=... python3 xmlrpc_scenario.py URL scenario SHARE_PATH KEYWORD
       CROSSNET_TOKEN=... python3 xmlrpc_scenario.py URL transfer TRANSFER_ID
       CROSSNET_TOKEN=... python3 xmlrpc_scenario.py URL limit TRANSFER_ID DOWNLOAD_LIMIT UPLOAD_LIMIT
Prints one JSON object with what the calls returned, as decoded by xmlrpc.client (bytes as base64); the Java test
normalises and compares it with the other clients' results. The token goes in the X-Crossnet-Token header. A refused
limit prints {"fault": {"code": faultCode, "text": faultString}}.
"""
import base64
import json
import os
import sys
import time
import xmlrpc.client

TIMEOUT_SECONDS = 30


def poll(call, done, what):
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while True:
        value = call()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for %s; last: %r" % (what, value))
        time.sleep(0.05)


def scenario(gw, share_path, keyword):
    out = {"info": gw.crossnet.gateway.info(), "networks": gw.crossnet.network.list()}
    out["shareAdd"] = gw.crossnet.share.add(share_path)
    share_id = out["shareAdd"][0]["id"]
    out["share"] = poll(lambda: gw.crossnet.share.get(share_id), lambda s: s["state"] != "HASHING", "share READY")
    links = gw.crossnet.share.links(share_id)
    links["torrent"] = base64.b64encode(links["torrent"]).decode("ascii")
    out["links"] = links
    search = gw.crossnet.search.start({"keywords": [keyword]})
    out["searchStarted"] = search
    out["results"] = poll(lambda: gw.crossnet.search.results(search["id"], 0, 50),
                          lambda r: r["search"]["state"] != "RUNNING", "search FINISHED")
    out["searchStopped"] = gw.crossnet.search.stop(search["id"])
    out["transfers"] = gw.crossnet.transfer.list()
    out["events"] = gw.crossnet.event.poll(0, 1000, 0)
    return out


def i64(text):
    """A 64-bit argument: xmlrpc.client cannot send integers outside 32 bits, so those go as decimal strings."""
    value = int(text)
    return value if -2**31 <= value < 2**31 else str(value)


def main():
    url, command = sys.argv[1], sys.argv[2]
    transport = xmlrpc.client.Transport(use_builtin_types=True,
                                        headers=[("X-Crossnet-Token", os.environ["CROSSNET_TOKEN"])])
    gw = xmlrpc.client.ServerProxy(url, transport=transport, use_builtin_types=True)
    if command == "scenario":
        out = scenario(gw, sys.argv[3], sys.argv[4])
    elif command == "transfer":
        out = gw.crossnet.transfer.get(sys.argv[3])
    elif command == "limit":
        try:
            out = gw.crossnet.transfer.limit(sys.argv[3], i64(sys.argv[4]), i64(sys.argv[5]))
        except xmlrpc.client.Fault as fault:
            out = {"fault": {"code": fault.faultCode, "text": fault.faultString}}
    else:
        raise SystemExit("command: %s (expected: scenario, transfer or limit)" % command)
    print(json.dumps(out))


main()
