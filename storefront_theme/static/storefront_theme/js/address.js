// The address form shows Thailand's province list for a Thai address and the "state" field for
// any other country (marketplace/orders/address_forms.py checks the same on the server).
(function () {
    "use strict";
    var country = document.getElementById("id_country");
    var province = document.getElementById("id_province");
    var state = document.getElementById("id_state");
    if (!country || !province) {
        return;
    }
    function group(field) {
        return field ? (field.closest(".form-group") || field.parentElement) : null;
    }
    function follow() {
        var thai = country.value === "TH";
        group(province).hidden = !thai;
        province.required = thai;
        if (state) {
            group(state).hidden = thai;
        }
    }
    country.addEventListener("change", follow);
    follow();
}());
