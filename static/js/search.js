// Suggestions for the search box while typing: titles from /suche/vorschlaege/ in a <datalist>,
// which the browser offers accessibly. Without JavaScript the search works the same, and the
// link below the box leads to the suggestions as a page.
(function () {
    "use strict";
    const form = document.querySelector("form[data-suggestions-url]");
    if (!form) {
        return;
    }
    const input = form.querySelector("input[name='q']");
    const list = form.querySelector("datalist");
    let timer = null;
    let controller = null;
    input.setAttribute("list", list.id);
    input.setAttribute("autocomplete", "off");

    function refresh() {
        const query = input.value.trim();
        if (query.length < 2) {
            list.replaceChildren();
            return;
        }
        if (controller) {
            controller.abort();
        }
        controller = new AbortController();
        const url = `${form.dataset.suggestionsUrl}?format=json&q=${encodeURIComponent(query)}`;
        fetch(url, { signal: controller.signal, credentials: "same-origin" })
            .then((response) => (response.ok ? response.json() : { suggestions: [] }))
            .then((data) => {
                list.replaceChildren(
                    ...data.suggestions.map((suggestion) => {
                        const option = document.createElement("option");
                        option.value = suggestion.title;
                        option.label = suggestion.kind;
                        return option;
                    }),
                );
            })
            .catch(() => {});
    }

    input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(refresh, 250);
    });
})();
