// The newsroom's additions to Decap CMS: German interface, Pelican's own file format, and a
// preview with the site's stylesheet. Then the CMS starts with the generated config.yml.
import de from "./decap/locale-de.js";
import { completeGermanStrings } from "./locale-de-ergaenzung.js";
import { createPelicanFormat } from "./pelican-format.js";

const CMS = window.CMS;
const description = JSON.parse(document.getElementById("cms-format").textContent);
const stylesheet = document.querySelector('meta[name="cms-preview-stylesheet"]').content;

// German quotation marks in what the preview shows from plain fields.
function germanQuotes(text) {
  return String(text || "")
    .replace(/"([^"]*)"/g, "„$1“")
    .replace(/'/g, "’");
}

function germanDate(value) {
  const date = new Date(String(value || "").replace(" ", "T"));
  if (Number.isNaN(date.getTime())) return "";
  return new Intl.DateTimeFormat("de-DE", { day: "numeric", month: "long", year: "numeric" }).format(date);
}

function PressReleasePreview({ entry, widgetFor }) {
  const h = window.h;
  const data = entry.get("data");
  const dateline = [data.get("location"), germanDate(data.get("date"))].filter(Boolean).join(", ");
  return h(
    "article",
    { className: "press-release kern-container" },
    h("p", { className: "press-release__kind kern-preline" }, "Pressemitteilung"),
    h("h1", { className: "press-release__title kern-heading-x-large" }, germanQuotes(data.get("title"))),
    dateline ? h("p", { className: "press-release__dateline" }, `${dateline} –`) : null,
    h("div", { className: "press-release__lead" }, germanQuotes(data.get("summary"))),
    h("div", { className: "press-release__body prose" }, widgetFor(description.body)),
  );
}

// The text opens as Markdown: the rich-text editor rewrites a whole body on the first edit
// (links, emphasis, line breaks), Markdown keeps it as the author wrote it. Each editor may
// switch; Decap remembers the choice.
if (!window.localStorage.getItem("cms.md-mode")) {
  window.localStorage.setItem("cms.md-mode", "raw");
}

CMS.registerLocale("de", completeGermanStrings(de));
CMS.registerCustomFormat("pelican", "md", createPelicanFormat(description));
CMS.registerPreviewStyle(stylesheet);
if (typeof window.h === "function") {
  CMS.registerPreviewTemplate("pressemitteilungen", PressReleasePreview);
}
CMS.init();
