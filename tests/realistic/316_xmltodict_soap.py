# policy: data
# inputs: {"xml": "<?xml version='1.0'?><soap:Envelope xmlns:soap='http://schemas.xmlsoap.org/soap/envelope/'><soap:Body><GetOrdersResponse><Order id='7' status='paid'><Item sku='A'>2</Item><Item sku='B'>1</Item></Order><Order id='8' status='open'><Item sku='C'>4</Item></Order></GetOrdersResponse></soap:Body></soap:Envelope>"}
# expect: {"rows":[{"id":7,"status":"paid","items":{"A":2,"B":1}},{"id":8,"status":"open","items":{"C":4}}],"back":"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<orders>\n  <order id=\"7\">paid</order>\n  <order id=\"8\">open</order>\n</orders>","raw":{"@id":"8","@status":"open","Item":[{"@sku":"C","#text":"4"}]}}
import json

import xmltodict


def main(inputs):
    doc = xmltodict.parse(inputs["xml"], process_namespaces=True,
                          namespaces={"http://schemas.xmlsoap.org/soap/envelope/": "soap"},
                          force_list=("Order", "Item"))
    orders = doc["soap:Envelope"]["soap:Body"]["GetOrdersResponse"]["Order"]
    rows = [{"id": int(o["@id"]), "status": o["@status"],
             "items": {i["@sku"]: int(i["#text"]) for i in o["Item"]}} for o in orders]
    back = xmltodict.unparse({"orders": {"order": [{"@id": r["id"], "#text": r["status"]} for r in rows]}},
                             pretty=True, indent="  ")
    return {"rows": rows, "back": back, "raw": json.loads(json.dumps(orders[1]))}
