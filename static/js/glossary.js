// Glossary terms in texts: Escape closes the explanation under the pointer or at the focus, until
// the pointer or the focus comes back (WCAG 1.4.13); the explanation is moved left where it would
// run off the right edge of a narrow screen. Showing it is CSS alone, and without JavaScript the
// term is still a link to its glossary entry.
(function () {
    "use strict";
    var MARGIN = 8;

    function place(term) {
        var tooltip = term.querySelector(".glossary-term__tooltip");
        tooltip.style.left = "";
        var overflow = tooltip.getBoundingClientRect().right - (document.documentElement.clientWidth - MARGIN);
        if (overflow > 0) {
            tooltip.style.left = -Math.min(overflow, term.getBoundingClientRect().left - MARGIN) + "px";
        }
    }

    function open(term) {
        term.classList.remove("glossary-term--dismissed");
        place(term);
    }

    document.querySelectorAll(".glossary-term").forEach(function (term) {
        term.addEventListener("mouseenter", function () { open(term); });
        term.addEventListener("focusin", function () { open(term); });
    });
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        document.querySelectorAll(".glossary-term:hover, .glossary-term:focus-within").forEach(function (term) {
            term.classList.add("glossary-term--dismissed");
        });
    });
})();
