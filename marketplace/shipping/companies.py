"""The company an address is for: Saleor's ``companyName``, kept beside Oscar's addresses (a shopper's
saved ``UserAddress``, an order's ``ShippingAddress`` and ``BillingAddress``), which have no column
for it (``models.AddressCompany``). The one place that reads and writes it: the API's addresses,
the address book, order placement and every address shown (``countries.address_fields``).

    companies.attach(address, "Siam Trading Co.")  # on an address about to be saved
    address.save(); companies.keep(address)         # in the same transaction
    companies.company_of(address)                   # "Siam Trading Co.", or ""

To read many addresses' companies without a query each, select ``<address>__otop_company`` with them.
"""
from django.core.exceptions import ObjectDoesNotExist

from .models import AddressCompany

RELATED = "otop_company"
_PENDING = "_otop_company_name"
_FIELD_OF = {"useraddress": "user_address", "shippingaddress": "shipping_address",
             "billingaddress": "billing_address"}


def _field(address) -> str:
    return _FIELD_OF[address._meta.model_name]


def attach(address, name) -> None:
    """``address`` (saved or not) is for company ``name`` ("" or None: for no company) once ``keep``
    is called after it is saved; until then ``company_of`` answers ``name``."""
    setattr(address, _PENDING, ((name or "").strip(), address.pk is None))


def keep(address) -> None:
    """Write what ``attach`` gave ``address`` (saved now) beside it: nothing when nothing was attached."""
    if address is None or _PENDING not in vars(address):
        return
    name, new = vars(address).pop(_PENDING)
    where = {_field(address): address}
    if name:
        row, _ = AddressCompany.objects.update_or_create(**where, defaults={"name": name})
    else:
        if not new:  # (an address unsaved when attached has no row to delete: an order's, most often)
            AddressCompany.objects.filter(**where).delete()
        row = None
    address._state.fields_cache[RELATED] = row


def company_of(address) -> str:
    """The company ``address`` is for, or ""."""
    if address is None:
        return ""
    if _PENDING in vars(address):
        return vars(address)[_PENDING][0]
    if address.pk is None:
        return ""
    try:
        return getattr(address, RELATED).name
    except ObjectDoesNotExist:
        return ""


def of_saved_address(pk) -> str:
    """The company of the saved address (``UserAddress``) ``pk``, or "", without loading the address."""
    return AddressCompany.objects.filter(user_address_id=pk).values_list("name", flat=True).first() or ""


def copy(source, target) -> None:
    """``target`` (an address about to be saved) is for the company ``source`` is for."""
    attach(target, company_of(source))
