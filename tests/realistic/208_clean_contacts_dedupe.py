# policy: strict
# inputs: {"csv": "Name,Phone,Email,Signed Up\n  ann LEE ,(555) 123-4567,ANN@x.com,2024-01-05\nAnn Lee,555.123.4567,ann@X.com ,01/06/2024\nbob  smith,+1 555 987 6543,,2024-02-30\n\"O'Neil, Pat\",5559876,pat@y.org,2024-03-01T09:00:00\n"}
# expect: {"rows":[{"name":"Ann Lee","phone":"+1-555-123-4567","email":"ann@x.com","signed_up":"2024-01-05"},{"name":"Bob Smith","phone":"+1-555-987-6543","email":null,"signed_up":null},{"name":"O'Neil, Pat","phone":null,"email":"pat@y.org","signed_up":"2024-03-01"}],"rejects":[{"line":3,"why":"duplicate"},{"line":4,"why":"bad date '2024-02-30'"}]}
import csv
import io
import re
import unicodedata
from datetime import datetime


def norm_phone(s):
    digits = re.sub(r"\D", "", s)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    return f"+1-{digits[:3]}-{digits[3:6]}-{digits[6:]}" if len(digits) == 10 else None


def parse_date(s):
    for fmt in ("%Y-%m-%d", "%m/%d/%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(s.strip(), fmt).date().isoformat()
        except ValueError:
            continue
    return None


def main(inputs):
    seen, rows, rejects = set(), [], []
    for n, row in enumerate(csv.DictReader(io.StringIO(inputs["csv"])), start=2):
        name = " ".join(unicodedata.normalize("NFKC", row["Name"]).split()).title()
        email = row["Email"].strip().lower() or None
        key = email or norm_phone(row["Phone"]) or name
        if key in seen:
            rejects.append({"line": n, "why": "duplicate"})
            continue
        seen.add(key)
        date = parse_date(row["Signed Up"])
        if date is None:
            rejects.append({"line": n, "why": f"bad date {row['Signed Up']!r}"})
        rows.append({"name": name, "phone": norm_phone(row["Phone"]), "email": email, "signed_up": date})
    return {"rows": rows, "rejects": rejects}
