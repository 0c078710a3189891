"""The Content-Security-Policy in a real browser (Debian's Chromium through Playwright): the storefront,
the checkout with Stripe.js (localstripe's stand-in), Oscar's dashboard and the admin work under it
without one violation, and a script injected into a page does not run."""
import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from marketplace.testing.factories import UserFactory, certified_product
from test_browser import _reseed_after_the_flush  # noqa: F401  puts the seeded rows back after the flush
from test_checkout_browser import guest_checkout_to_payment_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Chromium fires this event for every blocked load or script; the listener is installed by Playwright
# before any page script runs (and is not itself subject to the page's policy).
WATCH_VIOLATIONS = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sample);
});
"""


def _watched(page):
    page.add_init_script(WATCH_VIOLATIONS)
    console = []
    page.on("console", lambda message: console.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text else None)
    return console


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                               "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])


def test_storefront_checkout_dashboard_and_admin_run_under_the_policy_without_violations(
        live_server, page, stripe_keys):
    # given a listed product and a staff member
    product = certified_product(price="350.00")
    with translation.override("en"):
        product_url = live_server.url + product.get_absolute_url()
    console = _watched(page)

    # when a shopper opens the home page, the product, the basket and the payment page
    response = page.goto(live_server.url + "/")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-inline'" not in policy.split("script-src")[1].split(";")[0]
    assert page.evaluate("typeof jQuery") == "function"  # the site's own jQuery, no CDN
    guest_checkout_to_payment_page(page, live_server, product_url)
    # then Stripe.js (localstripe's stand-in) loads and mounts the card field
    assert page.evaluate("typeof Stripe") == "function"
    page.locator("#card-element input[placeholder=number]").wait_for()
    console += [f"payment page: {violation}" for violation in page.evaluate("window.__violations")]
    # and the basket, holding the product, shows it
    page.goto(live_server.url + "/en/basket/")
    assert page.locator("#basket_formset").count() == 1

    # when staff open the dashboard, its product list and a product's form (TinyMCE), and the admin
    _log_in(page, live_server, UserFactory(is_staff=True, is_superuser=True))
    for path in ("/dashboard/", "/dashboard/catalogue/", f"/dashboard/catalogue/products/{product.pk}/", "/admin/",
                 "/admin/producers/producer/"):
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        console += [f"{path}: {violation}" for violation in page.evaluate("window.__violations")]

    # then nothing was refused along the way (the dashboard's scripts ran: its editor is there)
    assert console == [], "\n".join(console)


def test_a_script_injected_into_a_page_does_not_run(live_server, page):
    # given the home page
    certified_product()
    console = _watched(page)
    page.goto(live_server.url + "/")

    # when a script element and an element with an inline handler are injected into it
    page.evaluate("""() => {
        const script = document.createElement("script");
        script.textContent = "window.__injected = 'script'";
        document.body.appendChild(script);
        document.body.insertAdjacentHTML("beforeend", '<img src="/missing.png" onerror="window.__handler = 1">');
    }""")
    page.wait_for_timeout(500)

    # then neither ran, and the browser reported both as violations of script-src
    assert page.evaluate("[window.__injected, window.__handler]") == [None, None]
    violations = page.evaluate("window.__violations")
    assert len(violations) == 2 and all(v.startswith("script-src") for v in violations), violations
    assert console
