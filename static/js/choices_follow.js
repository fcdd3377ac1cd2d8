/* On an add page whose choices follow a field chosen first (the consent and the readiness of
   a referral follow the person): choosing that field reloads the page with it, and the page
   offers only the choices that go with it. */
"use strict";
{
    function follow(select) {
        const params = new URLSearchParams(window.location.search);
        if ((params.get(select.name) || "") === select.value) {
            return;  // already the page of that choice (a searching select announces its start)
        }
        if (select.value) {
            params.set(select.name, select.value);
        } else {
            params.delete(select.name);
        }
        window.location.search = params.toString();
    }

    window.addEventListener("load", function () {
        document.querySelectorAll("select[data-choices-follow]").forEach(function (select) {
            // The admin's searching select announces a choice through jQuery's events.
            if (window.django && window.django.jQuery) {
                window.django.jQuery(select).on("change", function () { follow(select); });
            } else {
                select.addEventListener("change", function () { follow(select); });
            }
        });
    });
}
