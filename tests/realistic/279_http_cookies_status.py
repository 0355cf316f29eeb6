# policy: default
# inputs: {"headers": {"Cookie": "session=abc123; theme=dark; cart=\"a,b\"", "X-Status": "404"}}
# expect: {"cookies":{"cart":"a,b","session":"abc123","theme":"dark"},"set_cookie":"Set-Cookie: session=xyz; HttpOnly; Max-Age=3600; Path=/; SameSite=Lax","status":[404,"Not Found","Nothing matches the given URI","NOT_FOUND"],"is_client_error":true,"bad":"Illegal key 'bad key'"}
from http import HTTPStatus
from http.cookies import CookieError, SimpleCookie


def main(inputs):
    jar = SimpleCookie()
    jar.load(inputs["headers"]["Cookie"])
    cookies = {k: m.value for k, m in sorted(jar.items())}
    out = SimpleCookie()
    out["session"] = "xyz"
    out["session"]["path"] = "/"
    out["session"]["httponly"] = True
    out["session"]["samesite"] = "Lax"
    out["session"]["max-age"] = 3600
    status = HTTPStatus(int(inputs["headers"]["X-Status"]))
    try:
        SimpleCookie()["bad key"] = "v"
        bad = None
    except CookieError as e:
        bad = str(e)
    return {
        "cookies": cookies,
        "set_cookie": out.output(header="Set-Cookie:"),
        "status": [status.value, status.phrase, status.description, status.name],
        "is_client_error": 400 <= status < 500,
        "bad": bad,
    }
