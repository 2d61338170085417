// Pelican's own Markdown format for Decap CMS: `Key: value` header lines, a blank line, the body.
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
    const lines = text.split("\n");
    const order = [];
    const raw = {};
    let index = 0;
    for (; index < lines.length; index += 1) {
      const line = lines[index];
      const match = HEADER.exec(line);
      if (match && !(match[1] in raw)) {
        order.push(match[1]);
        raw[match[1]] = match[2];
      } else if (order.length > 0 && CONTINUATION.test(line)) {
        raw[order[order.length - 1]] += "\n" + line;
      } else {
        break;
      }
    }
    // The header ends at the first blank line; a file without one is all header.
    const rest = lines.slice(index);
    const blank = rest.length > 0 && rest[0].trim() === "";
    const body = blank ? rest.slice(1).join("\n") : rest.join("\n");
    const data = {};
    for (const key of order) {
      const value = parseValue(key, raw[key]);
      if (key in grouped) {
        const group = grouped[key];
        data[group] = data[group] || [{}];
        data[group][0][key] = value;
      } else {
        data[key] = value;
      }
    }
    data[bodyField] = body;
    data[ORIGINAL] = JSON.stringify({ order, raw, separator: blank ? rest[0] : null });
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
    let original = { order: [], raw: {}, separator: null };
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
    const keys = [];
    for (const key of [...original.order, ...expanded, ...Object.keys(flat)]) {
      if (!keys.includes(key) && key !== bodyField && key !== ORIGINAL && !(key in groups)) {
        keys.push(key);
      }
    }
    const header = [];
    for (const key of keys) {
      const value = flat[key];
      const had = Object.prototype.hasOwnProperty.call(original.raw, key);
      if (had && sameValue(parseValue(key, original.raw[key]), comparable(key, value))) {
        header.push(`${key}:${original.raw[key]}`);
        continue;
      }
      if (isEmpty(value)) continue;
      header.push(`${key}: ${written(key, value)}`);
    }
    const given = data[bodyField];
    let body = given === undefined || given === null ? "" : String(given);
    body = body.replace(/\r\n?/g, "\n");
    if (!original.order.length && !body.endsWith("\n")) body += "\n";
    const separator = original.separator === null ? "" : original.separator;
    return `${header.join("\n")}\n${separator}\n${body}`;
  }

  return { fromFile, toFile };
}
