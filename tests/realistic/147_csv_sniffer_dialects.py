# policy: default
# inputs: {"text": "name;qty;price;note\r\nWidget;3;9,50;\"said \"\"hi\"\"\"\r\nGadget;10;12,00;\"multi\nline\"\r\n\"Semi;colon\";1;0,99;\r\n"}
# expect: {"delimiter":";","has_header":true,"rows":[{"name":"Widget","qty":3,"price":9.5,"note":"said \"hi\""},{"name":"Gadget","qty":10,"price":12.0,"note":"multi\nline"},{"name":"Semi;colon","qty":1,"price":0.99,"note":""}],"nonnumeric":"\"name\",\"qty\",\"price\"\n\"Widget\",3,9.5\n\"Gadget\",10,12.0\n\"Semi;colon\",1,0.99\n","back":[["name","qty","price"],["Widget",3.0,9.5],["Gadget",10.0,12.0],["Semi;colon",1.0,0.99]],"pipes":"\"a|b\"|\"c\"\"d\"|3\r\n","err":"unexpected end of data","dialects":["excel","excel-tab","pipes","unix"]}
import csv
import io


def main(inputs):
    text = inputs["text"]
    dialect = csv.Sniffer().sniff(text.splitlines()[0] + "\n" + text.splitlines()[1])
    has_header = csv.Sniffer().has_header(text)
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    for r in rows:
        r["price"] = float(r["price"].replace(",", "."))
        r["qty"] = int(r["qty"])
    out = io.StringIO(newline="")
    w = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    w.writerow(["name", "qty", "price"])
    for r in rows:
        w.writerow([r["name"], r["qty"], r["price"]])
    back = list(csv.reader(io.StringIO(out.getvalue()), quoting=csv.QUOTE_NONNUMERIC))
    csv.register_dialect("pipes", delimiter="|", quoting=csv.QUOTE_MINIMAL, escapechar="\\")
    p = io.StringIO()
    csv.writer(p, "pipes").writerow(["a|b", "c\"d", 3])
    err = None
    try:
        list(csv.reader(io.StringIO('a,"b\n'), strict=True))
    except csv.Error as e:
        err = str(e)
    return {"delimiter": dialect.delimiter, "has_header": has_header, "rows": rows,
            "nonnumeric": out.getvalue(), "back": back, "pipes": p.getvalue(), "err": err,
            "dialects": sorted(csv.list_dialects())}
