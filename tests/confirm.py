"""Go through an admin confirmation page the way a user does: submit, see what will happen, confirm."""


def post_confirmed(client, url: str, data: dict | None = None):
    """POST `data` to `url`; assert a confirmation page came back, then send it back confirmed and return that."""
    first = client.post(url, data or {})
    assert first.status_code == 200, f"expected a confirmation page, got {first.status_code}"
    token = first.context.get("token") if first.context else None
    assert token, "the first POST should only show the confirmation page"
    values = {}
    for name, value in first.context["values"]:
        values.setdefault(name, []).append(value)
    return client.post(url, {**values, "confirm": token})
