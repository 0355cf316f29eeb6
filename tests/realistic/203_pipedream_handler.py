# policy: default
# entry: handler
# inputs: {"steps": {"trigger": {"event": {"body": {"repo": "acme/api", "commits": [{"id": "a1b2c3d", "message": "fix: null check\n\nlong text"}, {"id": "e4f5a6b", "message": "feat: export csv"}]}, "headers": {"x-github-event": "push"}}}}}
# expect: {"event":"push","repo":"acme/api","summary":"feat: e4f5a6b; fix: a1b2c3d"}
def handler(pd: "pipedream"):
    event = pd["steps"]["trigger"]["event"]
    body = event["body"]
    kinds = {}
    for c in body["commits"]:
        kind = c["message"].split(":", 1)[0]
        kinds.setdefault(kind, []).append(c["id"][:7])
    summary = "; ".join(f"{k}: {', '.join(v)}" for k, v in sorted(kinds.items()))
    return {"event": event["headers"]["x-github-event"], "repo": body["repo"], "summary": summary}
