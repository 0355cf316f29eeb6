# policy: strict
# inputs: {"name": "quarterly report", "count": 2, "tags": ["finance", "q1"]}
# expect: {"slug":"quarterly-report","copies":["quarterly-report-1","quarterly-report-2"],"tags":["finance","q1"]}
from typing import Optional, TypedDict


class Out(TypedDict):
    slug: str
    copies: list[str]
    tags: Optional[list[str]]


def main(name: str, count: int = 3, tags: Optional[list[str]] = None, dry_run: bool = False) -> Out:
    slug = "-".join(name.lower().split())
    return {"slug": slug, "copies": [f"{slug}-{i + 1}" for i in range(count)], "tags": sorted(tags) if tags else None}
