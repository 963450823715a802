"""The address of the person at the other end, behind a known number of trusted proxies.

Each proxy appends the address it received the request from to ``X-Forwarded-For`` and passes the request on, so
with ``trusted`` proxies in front of tiltak the client is the ``trusted``-th address counted from the right of
``X-Forwarded-For`` followed by the socket's peer (``REMOTE_ADDR``, the nearest proxy). Anything to the left of it
was written by the client and is not believed. With no trusted proxy the header is ignored altogether: it is the
client's own word.
"""

import ipaddress


def _address(text: str) -> str | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        text = text[1:text.index("]")]
    elif text.count(":") == 1:  # 192.0.2.1:443
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def client_address(remote_addr: str, forwarded_for: str | None, trusted: int) -> str:
    """The client's address; ``remote_addr`` when there is no trusted proxy or the chain is shorter than promised."""
    peer = _address(remote_addr or "") or "0.0.0.0"  # noqa: S104 -- a placeholder, never bound to
    if trusted <= 0 or not forwarded_for:
        return peer
    chain = [*forwarded_for.split(","), peer]
    if len(chain) <= trusted:
        # Fewer hops than proxies: the request did not come through all of them. The leftmost address is what the
        # first proxy saw; take it only if it is an address at all.
        return _address(chain[0]) or peer
    return _address(chain[-1 - trusted]) or peer
