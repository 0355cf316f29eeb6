# policy: strict
# inputs: {"good": "id,name,amount\n1,\"Smith, J\",12.5\n2,Lee,7,extra,more\n3,Kim\n", "bad": "a,b\n\"unterminated,1\n"}
# expect: {"rows":[{"id":"1","name":"Smith, J","amount":"12.5"},{"id":"2","name":"Lee","amount":"7","rest":["extra","more"]},{"id":"3","name":"Kim","amount":"?"}],"nonnumeric":"\"name\",1,2.5,\"\"\n","back":[["name",1.0,2.5,""]],"bad":null,"error":["unexpected end of data",2],"escaped":"say \\\"hi\\\",\"a,b\",plain\r\n","dialects":["excel","excel-tab","unix"]}
import csv
import io


def main(inputs):
    rows = list(csv.DictReader(io.StringIO(inputs["good"]), restkey="rest", restval="?"))
    out = io.StringIO()
    w = csv.writer(out, quoting=csv.QUOTE_NONNUMERIC, lineterminator="\n")
    w.writerow(["name", 1, 2.5, None])
    back = list(csv.reader(io.StringIO(out.getvalue()), quoting=csv.QUOTE_NONNUMERIC))
    r = csv.reader(io.StringIO(inputs["bad"]), strict=True)
    try:
        bad = list(r)
        error = None
    except csv.Error as e:
        bad, error = None, [str(e), r.line_num]
    minimal = io.StringIO()
    csv.writer(minimal, quoting=csv.QUOTE_MINIMAL, escapechar="\\", doublequote=False).writerow(['say "hi"', "a,b", "plain"])
    return {"rows": rows, "nonnumeric": out.getvalue(), "back": back, "bad": bad, "error": error,
            "escaped": minimal.getvalue(), "dialects": sorted(csv.list_dialects())}
