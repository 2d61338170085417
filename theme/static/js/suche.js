/* Full-text search on /suche/ with Pagefind's modular UI, from this site's own /pagefind/.
 * The form is in the page (labelled, usable without a mouse); this script shows it, searches
 * while typing (and for ?q=… in the address), and lists the hits in German. Without JavaScript
 * the page says that search needs it and links to the archives. */
(function () {
  "use strict";

  var form = document.getElementById("suche-formular");
  if (!form || !window.PagefindModularUI) {
    return;
  }
  var input = document.getElementById("suchbegriff");
  var status = document.getElementById("suche-status");
  var ui = window.PagefindModularUI;
  var term = "";

  function element(name, className, text) {
    var node = document.createElement(name);
    if (className) {
      node.className = className;
    }
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  /* One hit: the title as a link, type and date, and the excerpt with the search words marked
   * (Pagefind's excerpt is the page's own escaped text with <mark> around the hits). */
  function hit(result) {
    var item = element("li", "search-result");
    var title = element("h2", "search-result__title");
    var link = element("a", "search-result__link", result.meta.title || result.url);
    link.href = result.url;
    title.appendChild(link);
    item.appendChild(title);
    var facts = [];
    if (result.filters && result.filters.typ) {
      facts.push(result.filters.typ.join(", "));
    }
    if (result.meta.datum) {
      facts.push(result.meta.datum);
    }
    if (facts.length) {
      item.appendChild(element("p", "search-result__meta", facts.join(" · ")));
    }
    var excerpt = element("p", "search-result__excerpt");
    excerpt.innerHTML = result.excerpt;
    trimMarks(excerpt);
    item.appendChild(excerpt);
    return item;
  }

  /* Pagefind marks a whole space-separated word, with the punctuation that follows it
   * („Straße.“, „Bürger*innen,“); the mark keeps only the word, from its first letter or digit
   * to its last, so the highlighted letters are the ones searched for. */
  var EDGES = /^([^\p{L}\p{N}]*)([\s\S]*?)([^\p{L}\p{N}]*)$/u;

  function trimMarks(container) {
    var marks = container.querySelectorAll("mark");
    for (var i = 0; i < marks.length; i++) {
      var mark = marks[i];
      var parts = EDGES.exec(mark.textContent);
      if (!parts || !parts[2] || (!parts[1] && !parts[3])) {
        continue;
      }
      mark.textContent = parts[2];
      if (parts[1]) {
        mark.parentNode.insertBefore(document.createTextNode(parts[1]), mark);
      }
      if (parts[3]) {
        mark.parentNode.insertBefore(document.createTextNode(parts[3]), mark.nextSibling);
      }
    }
  }

  function placeholder() {
    return element("li", "search-result search-result--loading", "Treffer wird geladen …");
  }

  function announce(results) {
    var count = results && results.results ? results.results.length : 0;
    if (!term) {
      status.textContent = "";
    } else if (count === 0) {
      status.textContent = "Keine Treffer für „" + term + "“.";
    } else {
      status.textContent = (count === 1 ? "1 Treffer" : count + " Treffer") + " für „" + term + "“.";
    }
  }

  var instance = new ui.Instance({
    bundlePath: form.getAttribute("data-pagefind-bundle"),
    excerptLength: 30
  });
  instance.add(new ui.Input({ inputElement: "#suchbegriff" }));
  instance.add(
    new ui.ResultList({
      containerElement: "#suche-treffer",
      resultTemplate: hit,
      placeholderTemplate: placeholder
    })
  );
  instance.on("search", function (searched) {
    term = (searched || "").trim();
  });
  instance.on("loading", function () {
    if (term) {
      status.textContent = "Suche nach „" + term + "“ …";
    }
  });
  instance.on("results", announce);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    instance.triggerSearch(input.value);
    history.replaceState(null, "", "?q=" + encodeURIComponent(input.value));
  });

  form.hidden = false;
  var asked = new URLSearchParams(window.location.search).get("q");
  if (asked) {
    input.value = asked;
    instance.triggerSearch(asked);
  }
})();
