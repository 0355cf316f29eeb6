# policy: strict
# mode: body
# inputs: {"order_date": "03/15/2024 14:05", "amount": "1,234.50", "items": "Widget A, Widget B,,Gizmo ", "coupon": ""}
# expect: [{"placed_iso":"2024-03-15T14:05:00","ship_by":"Sunday 17 March","total":"1234.50","item_count":3,"first_item":"Widget A"}]
from datetime import datetime, timedelta
from decimal import Decimal

placed = datetime.strptime(input_data["order_date"], "%m/%d/%Y %H:%M")
amount = Decimal(input_data["amount"].replace(",", ""))
items = [s.strip() for s in input_data["items"].split(",") if s.strip()]
discount = Decimal("0.10") if input_data.get("coupon") else Decimal(0)
output = [{
    "placed_iso": placed.isoformat(),
    "ship_by": (placed + timedelta(days=2)).strftime("%A %d %B"),
    "total": str((amount * (1 - discount)).quantize(Decimal("0.01"))),
    "item_count": len(items),
    "first_item": items[0],
}]
