"""The checkout's root fields, added to the schema by ``marketplace/graphql/schema.py``."""
import graphene

from . import mutations as m
from .account import AccountRegister
from .orders import CheckoutComplete
from .payments import PaymentGatewayInitialize, TransactionInitialize, TransactionProcess
from .queries import CheckoutQueries  # noqa: F401  re-exported for schema.py


class CheckoutMutations(graphene.ObjectType):
    checkout_create = m.CheckoutCreate.Field()
    checkout_lines_add = m.CheckoutLinesAdd.Field()
    checkout_lines_update = m.CheckoutLinesUpdate.Field()
    checkout_line_delete = m.CheckoutLineDelete.Field()
    checkout_lines_delete = m.CheckoutLinesDelete.Field()
    checkout_email_update = m.CheckoutEmailUpdate.Field()
    checkout_customer_note_update = m.CheckoutCustomerNoteUpdate.Field()
    checkout_language_code_update = m.CheckoutLanguageCodeUpdate.Field()
    checkout_customer_attach = m.CheckoutCustomerAttach.Field()
    checkout_customer_detach = m.CheckoutCustomerDetach.Field()
    checkout_shipping_address_update = m.CheckoutShippingAddressUpdate.Field()
    checkout_billing_address_update = m.CheckoutBillingAddressUpdate.Field()
    checkout_delivery_method_update = m.CheckoutDeliveryMethodUpdate.Field()
    checkout_shipping_method_update = m.CheckoutShippingMethodUpdate.Field(
        deprecation_reason="Use `checkoutDeliveryMethodUpdate` instead.")
    delivery_options_calculate = m.DeliveryOptionsCalculate.Field()
    checkout_add_promo_code = m.CheckoutAddPromoCode.Field()
    checkout_remove_promo_code = m.CheckoutRemovePromoCode.Field()
    payment_gateway_initialize = PaymentGatewayInitialize.Field()
    transaction_initialize = TransactionInitialize.Field()
    transaction_process = TransactionProcess.Field()
    checkout_complete = CheckoutComplete.Field()
    account_register = AccountRegister.Field()
