"""Behind reverse proxies: with TRUSTED_PROXIES hops (nginx alone: 1; a load balancer in front
of nginx: 2), the client's address, scheme and host are read from the X-Forwarded-* headers
those hops set, so that per-address limits count people rather than the proxy, and the
metrics allow-list sees who asks. Without it the headers are ignored: anyone could send them."""

from __future__ import annotations

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix


def trusted_hops(setting: str) -> int:
    """TRUSTED_PROXIES as a count of hops, refused at start when it is not one."""
    try:
        hops = int(setting)
    except ValueError:
        hops = -1
    if hops < 0:
        raise RuntimeError(f"TRUSTED_PROXIES: {setting!r} is not a count of proxies (0, 1, 2, ...)")
    return hops


def init_app(app: Flask) -> None:
    hops = trusted_hops(str(app.config["TRUSTED_PROXIES"]))
    if hops:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops, x_port=hops, x_prefix=hops
        )
