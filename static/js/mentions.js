// @mention suggestions for forum text fields. Without JavaScript, members simply type @name.
// The suggestions are buttons below the field: reachable with Tab or the arrow-down key, and
// announced through a live region, so that keyboard and screen-reader users can use them.
(function () {
    "use strict";
    var script = document.currentScript;
    var url = script.dataset.url;

    function mentionBeforeCaret(field) {
        var text = field.value.slice(0, field.selectionStart);
        var match = /(^|[^\w@.])@([\w.+-]{1,30})$/.exec(text);
        return match ? match[2] : null;
    }

    function attach(field) {
        var status = document.createElement("p");
        status.className = "kern-sr-only";
        status.setAttribute("aria-live", "polite");
        var list = document.createElement("ul");
        list.className = "mention-suggestions";
        list.hidden = true;
        field.after(status, list);
        var request = 0;

        function close() {
            list.hidden = true;
            list.replaceChildren();
        }

        function insert(username) {
            var caret = field.selectionStart;
            var before = field.value.slice(0, caret).replace(/@[\w.+-]*$/, "@" + username + " ");
            field.value = before + field.value.slice(caret);
            field.focus();
            field.setSelectionRange(before.length, before.length);
            close();
        }

        function show(members) {
            list.replaceChildren();
            members.forEach(function (member) {
                var button = document.createElement("button");
                button.type = "button";
                button.className = "link-button kern-link";
                button.textContent = "@" + member.username + (member.name ? " – " + member.name : "") +
                    (member.organisation ? " (" + member.organisation + ")" : "");
                button.addEventListener("click", function () { insert(member.username); });
                button.addEventListener("keydown", function (event) {
                    var item = button.parentElement;
                    if (event.key === "ArrowDown" && item.nextElementSibling) {
                        item.nextElementSibling.querySelector("button").focus();
                        event.preventDefault();
                    } else if (event.key === "ArrowUp") {
                        (item.previousElementSibling ? item.previousElementSibling.querySelector("button") : field).focus();
                        event.preventDefault();
                    } else if (event.key === "Escape") {
                        close();
                        field.focus();
                    }
                });
                var item = document.createElement("li");
                item.append(button);
                list.append(item);
            });
            list.hidden = members.length === 0;
            status.textContent = members.length ? members.length + " Vorschläge für die Erwähnung, mit Pfeil nach unten erreichbar" : "";
        }

        field.addEventListener("input", function () {
            var prefix = mentionBeforeCaret(field);
            if (!prefix) { close(); return; }
            var current = ++request;
            fetch(url + "?q=" + encodeURIComponent(prefix), { credentials: "same-origin" })
                .then(function (response) { return response.ok ? response.json() : { members: [] }; })
                .then(function (data) { if (current === request) { show(data.members); } })
                .catch(close);
        });
        field.addEventListener("keydown", function (event) {
            if (event.key === "ArrowDown" && !list.hidden) {
                list.querySelector("button").focus();
                event.preventDefault();
            } else if (event.key === "Escape") {
                close();
            }
        });
    }

    document.querySelectorAll("textarea[data-mentions]").forEach(attach);
})();
