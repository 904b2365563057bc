// Just enough of a PDF reader to get the text out of what Chromium's "Save as PDF" writes
// (Skia: Type0 fonts with Identity-H encoding and a ToUnicode map, Flate-compressed streams,
// no object streams), so tests can check a printed document without poppler installed.
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream: Buffer | null;
}

function parseObjects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const objects = new Map<number, PdfObject>();
  const pattern = /(\d+) 0 obj\s*/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const streamAt = body.search(/stream\r?\n/);
    let dict = body;
    let stream: Buffer | null = null;
    if (streamAt >= 0) {
      dict = body.slice(0, streamAt);
      const dataStart = start + streamAt + (body[streamAt + 6] === '\r' ? 8 : 7);
      const dataEnd = text.lastIndexOf('endstream', end);
      let raw = pdf.subarray(dataStart, dataEnd);
      if (raw.at(-1) === 0x0a) raw = raw.subarray(0, -1);
      if (raw.at(-1) === 0x0d) raw = raw.subarray(0, -1);
      stream = /\/FlateDecode/.test(dict) ? inflateSync(raw) : raw;
    }
    objects.set(Number(match[1]), { dict, stream });
    pattern.lastIndex = end;
  }
  return objects;
}

const ref = (dict: string, key: string): number | null => {
  const match = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return match ? Number(match[1]) : null;
};

/** A ToUnicode CMap: glyph code (hex) → text. */
function parseCMap(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  const hexText = (hex: string) => {
    let out = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) {
      out += String.fromCharCode(Number.parseInt(hex.slice(i, i + 4), 16));
    }
    return out;
  };
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of (block[1] ?? '').matchAll(/<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g)) {
      map.set(Number.parseInt(from ?? '', 16), hexText(to ?? ''));
    }
  }
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    const body = block[1] ?? '';
    for (const [, lo, hi, dst] of body.matchAll(
      /<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>/g,
    )) {
      const low = Number.parseInt(lo ?? '', 16);
      const base = Number.parseInt(dst ?? '', 16);
      for (let code = low; code <= Number.parseInt(hi ?? '', 16); code++) {
        map.set(code, String.fromCharCode(base + code - low));
      }
    }
  }
  return map;
}

function pageOrder(objects: Map<number, PdfObject>, node: number, out: number[]): void {
  const obj = objects.get(node);
  if (!obj) return;
  if (/\/Type\s*\/Page\b/.test(obj.dict)) {
    out.push(node);
    return;
  }
  const kids = /\/Kids\s*\[([^\]]*)\]/.exec(obj.dict)?.[1] ?? '';
  for (const [, id] of kids.matchAll(/(\d+) 0 R/g)) pageOrder(objects, Number(id), out);
}

/** The text of each page, in reading order of the content stream, one line per text object. */
export function pdfPages(pdf: Buffer): string[] {
  const objects = parseObjects(pdf);
  const catalog = [...objects.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict));
  const root = catalog ? ref(catalog.dict, 'Pages') : null;
  const pages: number[] = [];
  if (root !== null) pageOrder(objects, root, pages);
  const cmaps = new Map<number, Map<number, string>>();
  const cmapOf = (fontId: number) => {
    if (!cmaps.has(fontId)) {
      const toUnicode = ref(objects.get(fontId)?.dict ?? '', 'ToUnicode');
      const stream = toUnicode === null ? null : objects.get(toUnicode)?.stream;
      cmaps.set(fontId, parseCMap(stream?.toString('latin1') ?? ''));
    }
    return cmaps.get(fontId) ?? new Map<number, string>();
  };
  return pages.map((pageId) => {
    const page = objects.get(pageId)?.dict ?? '';
    const resourcesRef = ref(page, 'Resources');
    const resources = resourcesRef === null ? page : (objects.get(resourcesRef)?.dict ?? '');
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? '';
    const fonts = new Map<string, number>();
    for (const [, name, id] of fontDict.matchAll(/\/(\S+?)\s+(\d+) 0 R/g)) {
      fonts.set(name ?? '', Number(id));
    }
    const contents = /\/Contents\s*(\[[^\]]*\]|\d+ 0 R)/.exec(page)?.[1] ?? '';
    const content = [...contents.matchAll(/(\d+) 0 R/g)]
      .map(([, id]) => objects.get(Number(id))?.stream?.toString('latin1') ?? '')
      .join('\n');
    const lines: string[] = [];
    let line = '';
    let cmap = new Map<number, string>();
    const decode = (hex: string) => {
      let out = '';
      for (let i = 0; i + 4 <= hex.length; i += 4) {
        out += cmap.get(Number.parseInt(hex.slice(i, i + 4), 16)) ?? '';
      }
      return out;
    };
    // Skia places glyph runs with Td inside one text object, so only ET ends a line; spaces are
    // real space glyphs, or a large gap in a TJ array.
    const tokens = /\/(\S+)\s+[-\d.]+\s+Tf|<([0-9a-fA-F]*)>\s*Tj|\[((?:[^\]])*)\]\s*TJ|\bET\b/g;
    for (const token of content.matchAll(tokens)) {
      if (token[1] !== undefined) cmap = cmapOf(fonts.get(token[1]) ?? -1);
      else if (token[2] !== undefined) line += decode(token[2]);
      else if (token[3] !== undefined) {
        for (const [, hex, kern] of token[3].matchAll(/<([0-9a-fA-F]*)>|(-?[\d.]+)/g)) {
          if (hex !== undefined) line += decode(hex);
          else if (Number(kern) < -200) line += ' ';
        }
      } else if (line) {
        lines.push(line);
        line = '';
      }
    }
    if (line) lines.push(line);
    return lines.join('\n');
  });
}
