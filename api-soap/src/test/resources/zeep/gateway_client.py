"""Calls the Crossnet SOAP API with python3-zeep (ZeepInteropTest): loads the WSDL, calls gatewayInfo, transferList,
transferLimit with a limit above 2**32 and a transferGet that faults, and prints what zeep decoded as JSON on
stdout. The transfer id is the second argument."""
import json
import sys

import zeep
from zeep.helpers import serialize_object

client = zeep.Client(sys.argv[1])
info = client.service.gatewayInfo()
transfers = client.service.transferList()
limited = client.service.transferLimit(sys.argv[2], 9000000000, 0)
try:
    client.service.transferGet("not-a-uuid")
    fault = None
except zeep.exceptions.Fault as e:
    detail = e.detail.find("{urn:crossnet:gateway:v1}gatewayError")
    fault = {"code": e.code, "message": e.message,
             "detailCode": detail.findtext("code"), "detailCodeName": detail.findtext("codeName")}
print(json.dumps({"info": serialize_object(info, dict), "transfers": serialize_object(transfers, dict),
                  "limited": serialize_object(limited, dict), "fault": fault}, default=str))
