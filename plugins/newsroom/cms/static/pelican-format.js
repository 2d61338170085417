// Pelican's own Markdown format for Decap CMS: `Key: value` header lines, a blank line, the body.
//
// Pelican reads header names without regard to case; the CMS names its fields in lower case
// (so that its own date and title detection works) and the file gets the schema's spelling,
// or the spelling the file already had.
//
// Reading keeps what the file looked like (order of the headers, each value as written, the end
// of the file) in one field the CMS does not show, so that saving an entry nobody changed writes
// the same bytes back: a hand-written release stays as its author wrote it, and git shows only
// what an editor really changed.

const HEADER = /^([A-Za-z][A-Za-z0-9_-]*):(.*)$/;
const CONTINUATION = /^[ \t]+\S/;
export const ORIGINAL = "__pelican";

function isEmpty(value) {
  return (
    value === undefined ||
    value === null ||
    (typeof value === "string" && value.trim() === "") ||
    (Array.isArray(value) && value.length === 0)
  );
}

// A header is one line: line breaks an editor pasted into a field become spaces, so no value
// can end the header early or add a header of its own.
function oneLine(value) {
  return String(value).replace(/[\r\n\u2028\u2029]+/g, " ").trim();
}

function splitList(text, separator) {
  const mark = separator.trim();
  return text
    .split(mark)
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

export function createPelicanFormat(description) {
  const names = description.names || {};
  const lists = description.lists || {};
  const groups = description.groups || {};
  const bodyField = description.body || "body";
  const grouped = {};
  for (const [group, keys] of Object.entries(groups)) {
    for (const key of keys) grouped[key] = group;
  }

  function parseValue(key, raw) {
    const text = raw
      .split("\n")
      .map((line) => line.trim())
      .join(" ")
      .trim();
    return key in lists ? splitList(text, lists[key]) : text;
  }

  function fromFile(content) {
    const text = String(content ?? "");
    const order = [];
    const raw = {};
    let position = 0;
    let lastNewline = true;
    while (position < text.length) {
      const end = text.indexOf("\n", position);
      const line = end === -1 ? text.slice(position) : text.slice(position, end);
      const match = HEADER.exec(line);
      if (match && !(match[1] in raw)) {
        order.push(match[1]);
        raw[match[1]] = match[2];
      } else if (order.length > 0 && CONTINUATION.test(line)) {
        raw[order[order.length - 1]] += "\n" + line;
      } else {
        break;
      }
      lastNewline = end !== -1;
      position = end === -1 ? text.length : end + 1;
    }
    // The header ends at the first blank line (kept as it was written) or the first other line.
    const rest = text.slice(position);
    const separator = (/^[ \t\r]*\n/.exec(rest) || [""])[0];
    const body = rest.slice(separator.length);
    const data = {};
    for (const spelled of order) {
      const key = spelled.toLowerCase();
      const value = parseValue(key, raw[spelled]);
      if (key in grouped) {
        const group = grouped[key];
        data[group] = data[group] || [{}];
        data[group][0][key] = value;
      } else {
        data[key] = value;
      }
    }
    data[bodyField] = body;
    data[ORIGINAL] = JSON.stringify({ order, raw, separator, lastNewline });
    return data;
  }

  function flatten(data) {
    const flat = {};
    for (const [key, value] of Object.entries(data)) {
      if (key === ORIGINAL || key === bodyField) continue;
      if (key in groups) {
        const item = Array.isArray(value) ? value[0] : value;
        if (item && typeof item === "object") {
          for (const inner of groups[key]) flat[inner] = item[inner];
        }
        continue;
      }
      flat[key] = value;
    }
    return flat;
  }

  function written(key, value) {
    if (Array.isArray(value)) {
      return value.map(oneLine).filter((part) => part !== "").join(lists[key] || ", ");
    }
    return oneLine(value);
  }

  // The value as reading the written header would give it back.
  function comparable(key, value) {
    if (isEmpty(value)) return key in lists ? [] : "";
    if (key in lists) return parseValue(key, written(key, value));
    return oneLine(value);
  }

  function toFile(data, sortedKeys = []) {
    const isNew = !data[ORIGINAL];
    let original = { order: [], raw: {}, separator: "\n", lastNewline: true };
    try {
      original = { ...original, ...JSON.parse(data[ORIGINAL] || "{}") };
    } catch (error) {
      // A damaged hint is ignored: the entry is written in the order of the fields.
    }
    const flat = flatten(data);
    const expanded = [];
    for (const key of sortedKeys) {
      if (key in groups) expanded.push(...groups[key]);
      else expanded.push(key);
    }
    // Each field under the name the file gave it, else the schema's spelling.
    const spelling = {};
    for (const key of original.order) spelling[key.toLowerCase()] = key;
    const keys = [];
    const candidates = [...original.order.map((key) => key.toLowerCase()), ...expanded];
    for (const key of [...candidates, ...Object.keys(flat)]) {
      if (!keys.includes(key) && key !== bodyField && key !== ORIGINAL && !(key in groups)) {
        keys.push(key);
      }
    }
    const header = [];
    for (const key of keys) {
      const value = flat[key];
      const name = spelling[key] || names[key] || key;
      const had = Object.prototype.hasOwnProperty.call(original.raw, name);
      if (had && sameValue(parseValue(key, original.raw[name]), comparable(key, value))) {
        header.push(`${name}:${original.raw[name]}`);
        continue;
      }
      if (isEmpty(value)) continue;
      header.push(`${name}: ${written(key, value)}`);
    }
    const given = data[bodyField];
    let body = given === undefined || given === null ? "" : String(given);
    if (isNew && body !== "" && !body.endsWith("\n")) body += "\n";
    // A header the file did not have gets the blank line Pelican needs before the body.
    let separator = original.separator;
    if (original.order.length === 0 && header.length > 0 && separator === "") separator = "\n";
    const newline = header.length > 0 && (original.lastNewline || body !== "") ? "\n" : "";
    return header.join("\n") + newline + separator + body;
  }

  return { fromFile, toFile };
}
