// Appended by journey.py to localstripe's Stripe.js stand-in, which knows only the card Element and
// no `confirmPayment`. Saleor's storefront uses Stripe's Payment Element: `elements(options)`,
// `create("payment")`, `elements.submit()`, `stripe.confirmPayment({elements, clientSecret})`.
// This maps them onto localstripe's card inputs. Real Stripe.js confirms the PaymentIntent from the
// browser with the publishable key; localstripe only lets the secret key confirm, so the card goes to
// OTOP_CONFIRM_URL, which the journey (playing Stripe's part) answers by confirming the intent at
// localstripe. The storefront's code stays as it is.
(function () {
	const localStripe = window.Stripe;
	const CONFIRM_URL = "https://js.stripe.com/_otop/confirm";

	function paymentElements(stripe, options) {
		const elements = stripe._localElements(options);
		const createCard = elements.create.bind(elements);
		let element = null;
		elements.create = function (type) {
			// React may create the Payment Element again before destroying the last one; localstripe
			// allows one card element per elements group
			if (element) element.destroy();
			element = createCard("card");
			const mount = element.mount.bind(element);
			const wrapped = new Map();
			element.on = function (event, handler) {
				// localstripe calls change handlers without an event; the storefront reads event.value.type
				const call = event === "change"
					? () => handler({ elementType: type, empty: false, complete: true, value: { type: "card" } })
					: handler;
				wrapped.set(handler, call);
				(element.listeners[event] = element.listeners[event] || []).push(call);
				if (event === "ready" && element._inputs) setTimeout(() => call({ elementType: type }), 0);
				return element;
			};
			element.off = function (event, handler) {
				const call = wrapped.get(handler);
				element.listeners[event] = (element.listeners[event] || []).filter((h) => h !== call && h !== handler);
				return element;
			};
			element.mount = function (target) {
				mount(target);
				(element.listeners.ready || []).forEach((handler) => setTimeout(() => handler({ elementType: type }), 0));
			};
			element.update = function () {};
			element.collapse = function () {};
			return element;
		};
		elements.getElement = (type) => (type === "payment" || type === "card" ? element : null);
		elements.submit = async () => (element && element.value
			? { selectedPaymentMethod: "card" }
			: { error: { type: "validation_error", message: "Enter the card details." } });
		elements.update = function () {};
		elements.fetchUpdates = async () => ({});
		return elements;
	}

	window.Stripe = function (key, options) {
		const stripe = localStripe(key, options);
		stripe._localElements = stripe.elements;
		stripe.elements = (elementsOptions) => paymentElements(stripe, elementsOptions);
		stripe._registerWrapper = function () {};
		stripe.registerAppInfo = function () {};
		stripe.confirmPayment = async ({ elements, clientSecret, confirmParams }) => {
			const element = elements.getElement("payment");
			const response = await fetch(CONFIRM_URL, {
				method: "POST",
				headers: { "content-type": "application/json" },
				body: JSON.stringify({
					clientSecret,
					card: element.value.card,
					billingDetails: (confirmParams.payment_method_data || {}).billing_details || {},
				}),
			});
			return response.json(); // {paymentIntent} or {error: {type, code, message}}
		};
		return stripe;
	};
	window.Stripe.version = 3;
})();
