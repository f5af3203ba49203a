"""Drives the Crossnet XML-RPC endpoint with Python's standard library only, as docs/api-xmlrpc.md shows.

Usage: python3 xmlrpc_client_check.py PORT TOKEN
Prints one JSON object with what the calls returned; the Java test (PythonClientTest) asserts on it.
"""
import base64
import json
import sys
import xmlrpc.client

port, token = sys.argv[1], sys.argv[2]
endpoint = "127.0.0.1:%s/xmlrpc" % port

# Token as a header, through the transport (headers= needs Python 3.8+).
transport = xmlrpc.client.Transport(use_builtin_types=True, headers=[("X-Crossnet-Token", token)])
gw = xmlrpc.client.ServerProxy("http://" + endpoint, transport=transport, use_builtin_types=True)
# Token as the HTTP Basic password, with any user name.
gw_basic = xmlrpc.client.ServerProxy("http://crossnet:%s@%s" % (token, endpoint), use_builtin_types=True)

out = {"python": sys.version.split()[0]}
out["methods"] = gw.system.listMethods()
out["info"] = gw_basic.crossnet.gateway.info()

# Python cannot send integers above 2**31 - 1; 64-bit arguments go as decimal strings.
search = gw.crossnet.search.start({"keywords": ["debian", "dvd"], "minSize": str(5 * 2**30), "media": "CD_IMAGE"})
out["search"] = search
out["results"] = gw.crossnet.search.results(search["id"], 0, 10)

torrent = b"d8:announce22:http://tracker.invalid4:infod6:lengthi5368709120e4:name3:isoee"
transfer = gw.crossnet.transfer.addTorrent(torrent)
out["transfer"] = transfer
out["limited"] = gw.crossnet.transfer.limit(transfer["id"], str(5 * 2**30), 65536)
out["removed"] = gw.crossnet.transfer.remove(transfer["id"], False)

share = gw.crossnet.share.add("/srv/big.iso")[0]
links = gw.crossnet.share.links(share["id"])
out["torrentBytes"] = base64.b64encode(links["torrent"]).decode("ascii")
out["torrentType"] = type(links["torrent"]).__name__

out["events"] = gw.crossnet.event.poll(0, 10, 0)
try:
    gw.crossnet.transfer.get("not-a-uuid")
    out["fault"] = None
except xmlrpc.client.Fault as fault:
    out["fault"] = {"faultCode": fault.faultCode, "faultString": fault.faultString}

print(json.dumps(out))
