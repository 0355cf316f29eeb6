# policy: default
# inputs: {"sales": [["2024-01-03", "north", 120.5], ["2024-01-03", "south", 99.99], ["2024-01-04", "north", 15.25], ["2024-02-01", "east", 300], ["2024-02-02", "north", 80]]}
# expect: {"monthly":[{"month":"2024-01","region":"north","total":135.75,"rnk":1},{"month":"2024-01","region":"south","total":99.99,"rnk":2},{"month":"2024-02","region":"east","total":300.0,"rnk":1},{"month":"2024-02","region":"north","total":80.0,"rnk":2}],"json":"{\"n\":5,\"regions\":[\"north\",\"south\",\"east\"]}","doubled":600.0,"err":"no such table: nope","cte":"1,2,3,4,5","version_ok":true}
import sqlite3


def main(inputs):
    db = sqlite3.connect(":memory:")
    db.row_factory = sqlite3.Row
    db.execute("create table sales(day text, region text, amount real)")
    db.executemany("insert into sales values (?, ?, ?)", inputs["sales"])
    monthly = db.execute("""
        select substr(day, 1, 7) as month, region, sum(amount) as total,
               rank() over (partition by substr(day, 1, 7) order by sum(amount) desc) as rnk
        from sales group by month, region order by month, rnk""").fetchall()
    js = db.execute("select json_object('n', count(*), 'regions', json_group_array(distinct region)) from sales").fetchone()[0]
    db.create_function("double", 1, lambda x: x * 2)
    doubled = db.execute("select double(amount) from sales where region = ?", ("east",)).fetchone()[0]
    try:
        db.execute("select * from nope")
        err = None
    except sqlite3.OperationalError as e:
        err = str(e)
    cte = db.execute("with recursive c(n) as (select 1 union all select n + 1 from c where n < 5) select group_concat(n) from c").fetchone()[0]
    return {"monthly": [dict(r) for r in monthly], "json": js, "doubled": doubled, "err": err, "cte": cte,
            "version_ok": sqlite3.sqlite_version_info >= (3, 25)}
