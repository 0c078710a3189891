"""The Content-Security-Policy header as production sends it (the browser tests run against
localstripe): Stripe.js's real origins are allowed, inline scripts only with the page's nonce."""
import re

import pytest

pytestmark = pytest.mark.django_db


def _directives(response):
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_pages_allow_the_real_stripe_js_and_only_nonced_inline_scripts(client, settings):
    # given the production Stripe settings
    settings.STRIPE_JS_URL, settings.STRIPE_API_BASE = "https://js.stripe.com/v3/", "https://api.stripe.com"
    # when a shopper opens the home page
    response = client.get("/")
    directives = _directives(response)
    # then Stripe.js may load, frame its fields and 3-D Secure pages, and reach its API
    assert {"https://js.stripe.com", "https://*.js.stripe.com"} <= set(directives["script-src"])
    assert {"https://js.stripe.com", "https://hooks.stripe.com"} <= set(directives["frame-src"])
    assert "https://api.stripe.com" in directives["connect-src"]
    # and the page's one inline script carries the nonce the header names; no blanket inline scripts
    nonce = next(source for source in directives["script-src"] if source.startswith("'nonce-"))[7:-1]
    assert re.search(rf'<script nonce="{re.escape(nonce)}">', response.content.decode())
    assert "'unsafe-inline'" not in directives["script-src"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'self'"]


def test_each_response_gets_its_own_nonce_and_the_api_no_policy(client):
    # given two page loads and an API call
    first, second = client.get("/"), client.get("/")
    api = client.post("/graphql/", {"query": "{ __typename }"}, content_type="application/json")
    # then the nonces differ (an attacker cannot reuse one) and the JSON API carries no policy
    nonces = [[s for s in _directives(r)["script-src"] if s.startswith("'nonce-")] for r in (first, second)]
    assert nonces[0] and nonces[0] != nonces[1]
    assert "Content-Security-Policy" not in api.headers
