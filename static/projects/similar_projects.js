// Refreshes "Wer macht das schon?" in the admin's project form while the editor types the
// title or picks the Handlungsfeld and OZG services.
(function () {
    "use strict";
    const panel = document.querySelector("[data-similar-projects]");
    if (!panel) {
        return;
    }
    const list = panel.querySelector("[data-similar-projects-list]");
    const form = panel.closest("form");
    let timer = null;

    function query() {
        const params = new URLSearchParams();
        const title = form.querySelector("#id_title");
        const handlungsfeld = form.querySelector("#id_handlungsfeld");
        params.set("titel", title ? title.value : "");
        if (handlungsfeld && handlungsfeld.value) {
            params.set("handlungsfeld", handlungsfeld.value);
        }
        form.querySelectorAll("input[name^='ozg_leistungen-'][name$='-leistung']").forEach((input) => {
            const deleted = form.querySelector(`[name='${input.name.replace(/-leistung$/, "-DELETE")}']`);
            if (input.value && !(deleted && deleted.value)) {
                params.append("ozg", input.value);
            }
        });
        if (panel.dataset.organisation) {
            params.set("organisation", panel.dataset.organisation);
        }
        if (panel.dataset.project) {
            params.set("projekt", panel.dataset.project);
        }
        return params;
    }

    function refresh() {
        fetch(`${panel.dataset.url}?${query()}`, { credentials: "same-origin" })
            .then((response) => (response.ok ? response.text() : Promise.reject(response)))
            .then((html) => {
                list.innerHTML = html;
            })
            .catch(() => {});
    }

    function schedule() {
        clearTimeout(timer);
        timer = setTimeout(refresh, 400);
    }

    form.addEventListener("input", schedule);
    form.addEventListener("change", schedule);
})();
