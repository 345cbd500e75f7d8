// Suggestions for the search box while typing: titles from /suche/vorschlaege/ in a <datalist>,
// which the browser offers accessibly. Without JavaScript the search works the same, and the
// link below the box leads to the suggestions as a page.
(function () {
    "use strict";
    const form = document.querySelector("form[data-suggestions-url]");
    const input = form && form.querySelector("input[name='q']");
    const list = form && form.querySelector("datalist");
    if (!input || !list) {
        return;
    }
    let timer = null;
    let controller = null;
    let shown = "";
    input.setAttribute("list", list.id);
    // The browser's own history of entries would mix with the titles in the same list.
    input.setAttribute("autocomplete", "off");

    function show(query, suggestions) {
        shown = query;
        list.replaceChildren(
            ...suggestions.map((suggestion) => {
                const option = document.createElement("option");
                option.value = suggestion.title;
                option.label = suggestion.kind;
                return option;
            }),
        );
    }

    function refresh() {
        const query = input.value.trim();
        if (query === shown) {
            return;
        }
        // An answer still under way is for what was typed before: it must not replace this one.
        if (controller) {
            controller.abort();
            controller = null;
        }
        if (query.length < 2) {
            show(query, []);
            return;
        }
        controller = new AbortController();
        const url = `${form.dataset.suggestionsUrl}?format=json&q=${encodeURIComponent(query)}`;
        fetch(url, { signal: controller.signal, credentials: "same-origin" })
            .then((response) => (response.ok ? response.json() : { suggestions: [] }))
            .then((data) => show(query, data.suggestions))
            .catch(() => {});
    }

    input.addEventListener("input", () => {
        clearTimeout(timer);
        timer = setTimeout(refresh, 250);
    });
})();
