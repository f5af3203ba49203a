"""The cross-API scenario through python3-zeep, a SOAP stack that reads the live WSDL (CrossApiScenarioTest).

Usage: CROSSNET_TOKEN=... python3 zeep_scenario.py WSDL_URL scenario SHARE_PATH KEYWORD
       CROSSNET_TOKEN=... python3 zeep_scenario.py WSDL_URL transfer TRANSFER_ID
       CROSSNET_TOKEN=... python3 zeep_scenario.py WSDL_URL limit TRANSFER_ID DOWNLOAD_LIMIT UPLOAD_LIMIT
Prints one JSON object with what zeep decoded (zeep.helpers.serialize_object; absent members as null, bytes as
base64); the Java test normalises and compares it with the other clients' results. The token goes in the
X-Crossnet-Token header of the requests session, so the WSDL fetch carries it too. A refused limit prints
{"fault": {"code": <detail code>, "text": "<detail codeName>: <faultstring>"}}.
"""
import base64
import json
import os
import sys
import time

import requests
import zeep
from zeep.helpers import serialize_object
from zeep.transports import Transport

TIMEOUT_SECONDS = 30


def plain(value):
    return serialize_object(value, dict)


def poll(call, done, what):
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while True:
        value = call()
        if done(value):
            return value
        if time.monotonic() > deadline:
            raise SystemExit("timed out waiting for %s; last: %r" % (what, value))
        time.sleep(0.05)


def scenario(service, share_path, keyword):
    out = {"info": plain(service.gatewayInfo()), "networks": plain(service.networkList())}
    out["shareAdd"] = plain(service.shareAdd(share_path))
    share_id = out["shareAdd"][0]["id"]
    out["share"] = plain(poll(lambda: service.shareGet(share_id), lambda s: s.state != "HASHING", "share READY"))
    links = plain(service.shareLinks(share_id))
    links["torrent"] = base64.b64encode(links["torrent"]).decode("ascii")
    out["links"] = links
    search = service.searchStart({"keywords": [keyword]})
    out["searchStarted"] = plain(search)
    out["results"] = plain(poll(lambda: service.searchResults(search.id, 0, 50),
                                lambda r: r.search.state != "RUNNING", "search FINISHED"))
    out["searchStopped"] = plain(service.searchStop(search.id))
    out["transfers"] = plain(service.transferList())
    out["events"] = plain(service.eventPoll(0, 1000, 0))
    return out


def main():
    wsdl, command = sys.argv[1], sys.argv[2]
    session = requests.Session()
    session.headers["X-Crossnet-Token"] = os.environ["CROSSNET_TOKEN"]
    service = zeep.Client(wsdl, transport=Transport(session=session)).service
    if command == "scenario":
        out = scenario(service, sys.argv[3], sys.argv[4])
    elif command == "transfer":
        out = plain(service.transferGet(sys.argv[3]))
    elif command == "limit":
        try:
            out = plain(service.transferLimit(sys.argv[3], int(sys.argv[4]), int(sys.argv[5])))
        except zeep.exceptions.Fault as fault:
            error = fault.detail.find("{urn:crossnet:gateway:v1}gatewayError")
            out = {"fault": {"code": int(error.findtext("code")),
                             "text": error.findtext("codeName") + ": " + fault.message}}
    else:
        raise SystemExit("command: %s (expected: scenario, transfer or limit)" % command)
    print(json.dumps(out))


main()
