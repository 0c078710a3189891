/* Paying by card on the shop's own pages (the checkout, a quote's deposit): the one home of the
   steps both take. Stripe.js turns the card into a payment method id (the card number stays with
   Stripe), the page's form posts that id to the shop, and a card its bank must check is confirmed in
   Stripe's window. The shop answers JSON: {error} for the shopper to read, or {status,
   client_secret, payment_intent}. Pages hand their pay button to otopCardPayment.onClick with a call of pay(...). */
(function () {
    "use strict";

    async function paymentMethodId(stripe, card) {
        if (typeof stripe.createPaymentMethod === "function") {
            const made = await stripe.createPaymentMethod({type: "card", card: card});
            if (made && made.error) throw made.error;
            if (made && made.paymentMethod) return made.paymentMethod.id;
        }
        // localstripe's stand-in only makes tokens; a token's card id works as a payment method there.
        const token = await stripe.createToken(card);
        if (token.error) throw token.error;
        return token.token.card.id;
    }

    // Posts the card's payment method with ``fields`` to ``form``'s address; ``onAnswer(answer)`` sees
    // the shop's answer before the bank's check (the checkout keeps the payment it last paid with).
    async function pay(stripe, card, form, fields, onAnswer) {
        const body = new URLSearchParams(Object.assign({}, fields, {
            payment_method: await paymentMethodId(stripe, card),
            csrfmiddlewaretoken: form.elements.csrfmiddlewaretoken.value,
        }));
        // form.action could be a hidden input called "action"
        const answer = await (await fetch(form.getAttribute("action"), {method: "POST", body: body})).json();
        if (answer.error) throw {message: answer.error, shopper: true};
        if (onAnswer) onAnswer(answer);
        if (answer.status === "requires_action") {
            const checked = await stripe.confirmCardPayment(answer.client_secret);
            if (checked.error) throw checked.error;
        }
        return answer;
    }

    // What the shopper may read: Stripe's own message for them, or the shop's; never a script's detail.
    function forShopper(error, fallback) {
        return (error && (error.shopper || error.type) && error.message) || fallback;
    }

    // The pay button: while ``attempt()`` runs it is disabled and the last error cleared; a payment
    // made calls ``done()``, a failed one shows the shopper's message under it and enables it again.
    function onClick(button, errors, attempt, done) {
        button.addEventListener("click", async function (event) {
            event.preventDefault();
            button.disabled = true;
            errors.textContent = "";
            try {
                await attempt();
            } catch (error) {
                console.error(error);
                errors.textContent = forShopper(error, errors.dataset.unavailable);
                button.disabled = false;
                return;
            }
            done();
        });
    }

    window.otopCardPayment = {pay: pay, forShopper: forShopper, onClick: onClick};
})();
