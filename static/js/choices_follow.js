/* On an add page whose choices follow a field chosen first (the consent and the readiness of
   a referral follow the person): choosing that field reloads the page with it, and the page
   offers only the choices that go with it. */
"use strict";
{
    function follow(select, shown) {
        const params = new URLSearchParams(window.location.search);
        // Only a choice the user changed: the admin's scripts announce the value the page
        // opened with too (to update the links beside a select).
        if (select.value === shown || (params.get(select.name) || "") === select.value) {
            return;
        }
        if (select.value) {
            params.set(select.name, select.value);
        } else {
            params.delete(select.name);
        }
        window.location.search = params.toString();
    }

    document.addEventListener("DOMContentLoaded", function () {
        document.querySelectorAll("select[data-choices-follow]").forEach(function (select) {
            const shown = select.value;
            // The admin's searching select announces a choice through jQuery's events.
            if (window.django && window.django.jQuery) {
                window.django.jQuery(select).on("change", function () { follow(select, shown); });
            } else {
                select.addEventListener("change", function () { follow(select, shown); });
            }
        });
    });
}
