"""A new shopper's journey through Saleor's own storefront (built unchanged, pointed at this API), in
Debian's Chromium: home with its collections strip, all products with paging and price sort, a
category, search in Thai and in English, a product page with the OTOP facts, add to cart, sign-up
(in a second browser), a guest checkout to Japan in the USD channel with the new account's e-mail
(address, delivery, test card 4242 paid through localstripe), the order confirmation, then sign-in
(``me`` is not null) and the order in the account; then, in the baht channel, a new guest's checkout
to a Thai address whose province is picked from the list the API gives, paid by card.

Each step prints PASS or FAIL with what it saw; screenshots go to ``--screenshots``. Exit status 0
only when every step passed. ``run.py`` (``make saleor-storefront``) starts everything and calls it.

js.stripe.com cannot be reached here: its requests are answered with localstripe's Stripe.js
stand-in plus ``stripe-payment-element.js`` (Stripe's Payment Element on localstripe's card
inputs); the card is confirmed at localstripe with the shop's test-mode secret key, which is what
Stripe itself does when the browser confirms a PaymentIntent.
"""
import argparse
import json
import re
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import quote

import stripe
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect, sync_playwright

HERE = Path(__file__).resolve().parent
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
TEST_CARD = {"number": "4242424242424242", "exp_month": "12", "exp_year": "34", "cvc": "123", "postal_code": "1500001"}
JAPAN_ADDRESS = {"firstName": "Hanako", "lastName": "Yamada", "streetAddress1": "1-2-3 Jingumae",
                 "city": "Shibuya-ku", "postalCode": "150-0001", "countryArea": "Tokyo", "phone": "+81312345678"}
THAI_ADDRESS = {"firstName": "Somsri", "lastName": "Jaidee", "streetAddress1": "12 Nimmanhaemin Road",
                "city": "Mueang Chiang Mai", "postalCode": "50200", "phone": "+66812345678"}
THAI_PROVINCE = "Chiang Mai"  # picked from the province list addressValidationRules gives for Thailand
EXPORT_READY_ITEM = "Hand-woven cotton fabric"
WAIT = 60_000  # ms a page may take: the storefront renders on demand against a development server


class Journey:
    def __init__(self, page, base, channel, locale, shots):
        self.page, self.base, self.channel, self.locale, self.shots = page, base.rstrip("/"), channel, locale, shots
        self.results = []
        self.screenshot_taken = False
        self.product_url = None
        self.email = f"journey-{int(time.time())}@example.com"
        self.password = "Journey-pass-2569"
        self.order_number = None
        self.country, self.address, self.province = "JP", JAPAN_ADDRESS, None  # the USD leg ships to Japan

    def url(self, path=""):
        return f"{self.base}/{self.locale}/{self.channel}{path}"

    def step(self, name, action):
        started = time.monotonic()
        try:
            detail = action()
            ok = True
        except (AssertionError, PlaywrightError, RuntimeError, stripe.StripeError) as error:
            ok, detail = False, f"{type(error).__name__}: {str(error).splitlines()[0][:300]}"
        if not self.screenshot_taken:
            self.screenshot(name)
        self.screenshot_taken = False
        self.results.append((name, ok))
        print(f"{'PASS' if ok else 'FAIL'}  {name} ({time.monotonic() - started:.0f} s): {detail}", flush=True)
        return ok

    def screenshot(self, name):
        shot = self.shots / f"{len(self.results) + 1:02d}-{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}.png"
        try:
            self.page.screenshot(path=str(shot), full_page=False)
        except PlaywrightError:
            pass
        self.screenshot_taken = True

    def goto(self, path):
        self.page.goto(self.url(path), wait_until="domcontentloaded", timeout=WAIT)
        self.page.wait_for_load_state("networkidle", timeout=WAIT)

    def product_links(self):
        return self.page.locator(f"main a[href*='/{self.channel}/products/']")

    # --- the steps ---------------------------------------------------------------------------
    def home(self):
        self.goto("")
        collections = self.page.locator(f"a[href*='/{self.channel}/collections/']")
        expect(collections.first).to_be_attached(timeout=WAIT)
        products = self.product_links().count()
        assert products > 0, "no product on the home page"
        return f"{collections.count()} collection links, {products} product links"

    def products_paging_and_sort(self):
        self.goto("/products")
        first_page = self.product_links().evaluate_all("els => [...new Set(els.map(e => e.pathname))]")
        assert first_page, "no products listed"
        next_link = self.page.locator("a[href*='cursor=']").last
        expect(next_link).to_be_attached(timeout=WAIT)
        self.page.goto(next_link.evaluate("a => a.href"), wait_until="networkidle", timeout=WAIT)
        second_page = self.product_links().evaluate_all("els => [...new Set(els.map(e => e.pathname))]")
        assert second_page and not set(second_page) & set(first_page), "page 2 repeats page 1"
        self.goto("/products?sort=price_asc")
        prices = self.listed_prices()
        assert len(prices) >= 2 and prices == sorted(prices), f"not ascending: {prices[:8]}"
        self.goto("/products?sort=price_desc")
        prices_desc = self.listed_prices()
        assert len(prices_desc) >= 2 and prices_desc == sorted(prices_desc, reverse=True), \
            f"not descending: {prices_desc[:8]}"
        return (f"page 1: {len(first_page)} products, page 2: {len(second_page)} others; price ascending "
                f"{prices[0]}…{prices[-1]}, descending {prices_desc[0]}…{prices_desc[-1]} USD")

    def listed_prices(self):
        texts = self.page.locator("main").inner_text(timeout=WAIT)
        return [float(p.replace(",", "")) for p in re.findall(r"\$\s?([\d,]+\.\d{2})", texts)]

    def category(self):
        self.goto("")
        link = self.page.locator(f"a[href*='/{self.channel}/categories/']").first
        expect(link).to_be_attached(timeout=WAIT)
        href = link.evaluate("a => a.pathname")
        self.page.goto(self.base + href, wait_until="networkidle", timeout=WAIT)
        heading = self.page.locator("h1").first.inner_text(timeout=WAIT)
        count = self.product_links().count()
        assert count > 0, f"category {href} lists no product"
        return f"{href}: “{heading}”, {count} product links"

    def search(self, term):
        self.goto(f"/search?query={quote(term)}")
        count = self.product_links().count()
        assert count > 0, f"no result for {term!r}"
        first = self.product_links().first.inner_text()
        return f"{term!r}: {count} product links, first “{' '.join(first.split())[:60]}”"

    def product_page(self):
        # an item of the demo's export-ready file: its packaging weight and size let it go abroad
        self.goto(f"/search?query={quote(EXPORT_READY_ITEM)}")
        self.product_url = self.base + self.product_links().first.evaluate("a => a.pathname")
        self.page.goto(self.product_url, wait_until="networkidle", timeout=WAIT)
        text = self.page.locator("main").inner_text(timeout=WAIT)
        facts = [fact for fact in ("Star level", "Province", "Producer", "Standards", "Selection year")
                 if re.search(fact, text, re.I)]
        assert len(facts) >= 3, f"OTOP facts missing; the page shows: {' '.join(text.split())[:300]}"
        details = self.page.get_by_role("button", name=re.compile("product details", re.I))
        if details.count():  # the facts sit in the storefront's "Product Details" panel: open it for the screenshot
            details.first.click()
            self.page.get_by_text(re.compile(facts[0], re.I)).first.scroll_into_view_if_needed()
        title = self.page.locator("h1").first.inner_text()
        return f"“{title}” shows {', '.join(facts)}"

    def add_to_cart(self):
        self.page.goto(self.product_url, wait_until="networkidle", timeout=WAIT)
        button = self.page.locator("button:not([disabled])", has_text=re.compile(r"add to (cart|bag)", re.I)).first
        button.click(timeout=WAIT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            cookie = next((c for c in self.page.context.cookies() if c["name"].startswith("checkoutId-")
                           and self.channel in c["name"] and c["value"]), None)
            if cookie:
                return f"cart cookie {cookie['name']} set"
            self.page.wait_for_timeout(500)
        raise AssertionError("no checkout cookie after Add to cart")

    def checkout_contact(self):
        checkout_id = next(c["value"] for c in self.page.context.cookies()
                           if c["name"].startswith("checkoutId-") and self.channel in c["name"] and c["value"])
        self.page.goto(f"{self.base}/checkout?checkout={checkout_id}&locale={self.locale}",
                       wait_until="networkidle", timeout=WAIT)
        self.fill(self.page.get_by_role("textbox", name=re.compile("email", re.I)).first, self.email)
        self.fill_address()
        self.continue_button("continue to shipping")
        return f"guest {self.email}, address in {self.country}" + (f" ({self.province})" if self.province else "")

    def fill_address(self):
        country = self.page.locator("select[name='countryCode'], select[name='country']").first
        if country.count():
            country.select_option(self.country)
            self.page.wait_for_timeout(1000)
        for name, value in self.address.items():
            field = self.page.locator(f"input[name='{name}']").first
            if field.count() and field.is_visible():
                field.fill(value)
        area = self.page.locator("select[name='countryArea']").first
        if self.province:  # Thailand: the province list must be there, and the province chosen from it
            expect(area).to_be_visible(timeout=WAIT)
            area.select_option(label=self.province)
        elif area.count() and area.is_visible():
            area.select_option(index=1)
        else:
            typed = self.page.locator("input[name='countryArea']").first
            if typed.count() and typed.is_visible() and self.address.get("countryArea"):
                typed.fill(self.address["countryArea"])

    def continue_button(self, name):
        self.page.get_by_role("button", name=re.compile(name, re.I)).click(timeout=WAIT)
        self.page.wait_for_load_state("networkidle", timeout=WAIT)

    def fill(self, locator, value):
        """Types into a field, again if the page's hydration emptied it meanwhile."""
        for _ in range(5):
            locator.fill(value, timeout=WAIT)
            self.page.wait_for_timeout(300)
            if locator.input_value() == value:
                return
        raise AssertionError(f"the field keeps losing what was typed ({value!r})")

    def checkout_delivery(self):
        expect(self.page).to_have_url(re.compile(r"step=shipping"), timeout=WAIT)
        option = self.page.locator("input[type='radio']").first
        expect(option).to_be_attached(timeout=WAIT)
        label = self.page.locator("label:has(input[type='radio'])").first.inner_text()
        option.check(force=True)
        self.page.wait_for_load_state("networkidle", timeout=WAIT)
        self.continue_button("continue to payment")
        return f"delivery “{' '.join(label.split())[:80]}”"

    def checkout_payment(self):
        expect(self.page).to_have_url(re.compile(r"step=payment"), timeout=WAIT)
        card = self.page.locator("input[placeholder='number']")
        expect(card).to_be_visible(timeout=WAIT)
        for field, value in TEST_CARD.items():
            self.page.locator(f"input[placeholder='{field}']").fill(value)
        total = self.page.locator("button", has_text=re.compile(r"^\s*pay", re.I)).first
        label = total.inner_text()
        total.scroll_into_view_if_needed()
        self.screenshot("checkout: payment with card 4242 via localstripe")  # the card typed in, before paying
        total.click()
        expect(self.page).to_have_url(re.compile(r"/checkout/complete|order="), timeout=WAIT)
        return f"“{' '.join(label.split())}” with card 4242"

    def confirmation(self):
        self.page.wait_for_load_state("networkidle", timeout=WAIT)
        text = self.page.locator("body").inner_text(timeout=WAIT)
        match = re.search(r"#\s?(\d+)|order (?:number )?(\d+)", text, re.I)
        assert match, f"no order number on the confirmation: {' '.join(text.split())[:300]}"
        self.order_number = match.group(1) or match.group(2)
        return f"order {self.order_number}"

    def sign_up(self):
        """In a browser of its own, so that the checkout stays a guest's: the account exists before the
        guest order is placed with its e-mail, which makes the order the account's (a guest order placed
        before the account joins it only once the e-mail is confirmed: orders/guest_orders.py)."""
        self.goto("/signup")
        self.fill(self.page.get_by_label("First name"), JAPAN_ADDRESS["firstName"])
        self.fill(self.page.get_by_label("Last name"), JAPAN_ADDRESS["lastName"])
        self.fill(self.page.get_by_label("Email address"), self.email)
        self.fill(self.page.get_by_label("Password", exact=True), self.password)
        self.fill(self.page.get_by_label("Confirm password"), self.password)
        with self.page.expect_response(lambda r: "/api/auth/register" in r.url, timeout=WAIT) as registered:
            self.page.get_by_role("button", name=re.compile("create account", re.I)).click()
        registration = registered.value.json()
        assert not registration.get("errors"), f"sign-up refused: {registration['errors']}"
        self.page.wait_for_load_state("networkidle", timeout=WAIT)
        return f"account {self.email} created"

    def sign_in(self):
        self.goto("/login")
        self.fill(self.page.get_by_label(re.compile("email", re.I)).first, self.email)
        self.fill(self.page.get_by_label("Password", exact=True), self.password)
        self.page.get_by_role("button", name=re.compile(r"^\s*sign in\s*$", re.I)).click()
        self.page.wait_for_url(lambda url: "/login" not in url, timeout=WAIT)
        self.goto("/account")
        expect(self.page).to_have_url(re.compile(r"/account"), timeout=WAIT)
        expect(self.page.locator("main")).to_contain_text(self.email, timeout=WAIT)
        return f"signed in as {self.email} (me is not null: the account page shows the e-mail)"

    def account_orders(self):
        self.goto("/account/orders")
        text = self.page.locator("main").inner_text(timeout=WAIT)
        assert self.order_number and self.order_number in text, \
            f"order {self.order_number} not listed: {' '.join(text.split())[:300]}"
        return f"order {self.order_number} listed in the account"

    def run(self, other_page):
        self.step("home: collections strip", self.home)
        self.step("products: paging and price sort", self.products_paging_and_sort)
        self.step("category page", self.category)
        self.step("search in Thai", lambda: self.search("ผ้าไหม"))
        self.step("search in English", lambda: self.search("silk"))
        if not self.step("product page: OTOP facts", self.product_page):
            return self.results
        if not self.step("add to cart", self.add_to_cart):
            return self.results
        own_page, self.page = self.page, other_page
        signed_up = self.step("sign up (another browser)", self.sign_up)
        self.page = own_page
        for name, action in (("checkout: guest contact and address in Japan", self.checkout_contact),
                             ("checkout: delivery", self.checkout_delivery),
                             ("checkout: payment with card 4242 via localstripe", self.checkout_payment),
                             ("order confirmation", self.confirmation)):
            if not self.step(name, action):
                break
        if signed_up and self.step("sign in", self.sign_in) and self.order_number:
            self.step("the order in the account", self.account_orders)
        self.thai_leg()
        return self.results

    def thai_leg(self):
        """The baht channel: a guest checkout to a Thai address whose province comes from the list."""
        self.page.context.clear_cookies()  # a new guest
        self.channel, self.country, self.address, self.province = "th-thb", "TH", THAI_ADDRESS, THAI_PROVINCE
        self.email = f"thai-{int(time.time())}@example.com"
        self.order_number = None
        for name, action in (("THB: product page", self.product_page), ("THB: add to cart", self.add_to_cart),
                             ("THB checkout: guest with a Thai address (province list)", self.checkout_contact),
                             ("THB checkout: delivery", self.checkout_delivery),
                             ("THB checkout: payment with card 4242 via localstripe", self.checkout_payment),
                             ("THB order confirmation", self.confirmation)):
            if not self.step(name, action):
                break


def serve_stripe_js(context, localstripe):
    """Answer js.stripe.com with localstripe's stand-in plus the Payment Element adapter, and confirm
    PaymentIntents at localstripe as Stripe would for a browser."""
    with urllib.request.urlopen(f"{localstripe}/js.stripe.com/v3/") as response:
        stand_in = response.read().decode()
    # localstripe's script finds its server from its own URL, which here is js.stripe.com
    stand_in = stand_in.replace("document.currentScript.src", json.dumps(f"{localstripe}/js.stripe.com/v3/"))
    script = stand_in + "\n" + (HERE / "stripe-payment-element.js").read_text()

    def answer(route):
        request = route.request
        if request.url.endswith("/_otop/confirm"):
            return route.fulfill(status=200, content_type="application/json",
                                 headers={"access-control-allow-origin": "*"},
                                 body=json.dumps(confirm(request.post_data_json or {})))
        if request.method == "OPTIONS":
            return route.fulfill(status=204, headers={"access-control-allow-origin": "*",
                                                      "access-control-allow-headers": "content-type"})
        return route.fulfill(status=200, content_type="application/javascript", body=script)

    context.route(re.compile(r"^https://js\.stripe\.com/"), answer)


def confirm(body):
    card = body.get("card") or {}
    intent_id = (body.get("clientSecret") or "").split("_secret_")[0]
    try:
        method = stripe.PaymentMethod.create(type="card", card={
            "number": card.get("number"), "exp_month": int(card.get("exp_month") or 0),
            "exp_year": int(card.get("exp_year") or 0), "cvc": card.get("cvc")})
        stripe.PaymentIntent.modify(intent_id, payment_method=method.id)
        intent = stripe.PaymentIntent.confirm(intent_id)
    except stripe.StripeError as error:
        return {"error": {"type": "card_error", "code": error.code, "message": error.user_message or str(error)}}
    return {"paymentIntent": {"id": intent.id, "status": intent.status}}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--storefront", default="http://localhost:3000")
    parser.add_argument("--localstripe", required=True, help="localstripe's URL (make run prints it)")
    parser.add_argument("--stripe-secret-key", default="sk_test_localstripe")
    parser.add_argument("--channel", default="intl-usd")
    parser.add_argument("--locale", default="en")
    parser.add_argument("--screenshots", default=str(HERE.parents[1] / "docs/screenshots/saleor-storefront"))
    args = parser.parse_args()
    stripe.api_key, stripe.api_base = args.stripe_secret_key, args.localstripe
    shots = Path(args.screenshots)
    shots.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        serve_stripe_js(context, args.localstripe)
        other = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
        results = Journey(context.new_page(), args.storefront, args.channel, args.locale, shots).run(other.new_page())
        browser.close()
    passed = sum(ok for _, ok in results)
    print(f"{passed}/{len(results)} steps passed")
    return 0 if results and passed == len(results) else 1


if __name__ == "__main__":
    sys.exit(main())
