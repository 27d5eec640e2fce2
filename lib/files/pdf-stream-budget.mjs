// How many bytes a PDF's streams decode to, measured before pdf.js sees the file, with bounded
// memory: a "PDF bomb" (816 KB of FlateDecode inflating to 800 MB) is refused here instead of
// pdf.js holding every decoded byte in ArrayBuffers, which no heap limit of the reading thread
// counts. Run by ./pdf-text-worker.mjs inside the thread, so its time limit applies too.
//
// Every `stream … endstream` of the file is decoded through its filter chain as far as the chain
// has filters pdf.js decodes to bytes (Flate, LZW, RunLength, ASCIIHex, ASCII85); an image codec
// or a crypt filter ends the chain. What each stage outputs is counted, not kept (except between
// stages, up to the budget), against a per-stream and a per-file budget. Streams of an encrypted
// file decode to nothing here (their bytes are ciphertext); the reading thread's memory watchdog
// in ./processing.ts is what bounds those.
// Plain JavaScript: worker threads run outside the TypeScript toolchain.
import zlib from "node:zlib";

/**
 * @param {Uint8Array} data the PDF
 * @param {{ maxStreamBytes: number, maxTotalBytes: number }} limits
 * @returns {Promise<{ ok: true, totalBytes: number, streams: number } | { ok: false, reason: "stream" | "total", totalBytes: number }>}
 */
export async function measureDecodedStreams(data, limits) {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = bytes.toString("latin1");
  let totalBytes = 0;
  let streams = 0;
  const keyword = /(?<!end)stream(?:\r\n|\n|\r)/g;
  for (let match = keyword.exec(text); match; match = keyword.exec(text)) {
    const start = match.index + match[0].length;
    const dictionary = dictionaryBefore(text, match.index);
    if (dictionary === null) continue;
    streams++;
    const filters = filterNames(dictionary);
    if (filters.length === 0) continue; // raw bytes: already counted in the file's size
    const input = bytes.subarray(start, streamEnd(text, dictionary, start));
    const budget = Math.min(limits.maxStreamBytes, limits.maxTotalBytes - totalBytes);
    const decoded = await decodedSize(input, filters, budget);
    totalBytes += decoded;
    if (decoded > budget)
      return { ok: false, reason: decoded > limits.maxStreamBytes ? "stream" : "total", totalBytes };
  }
  return { ok: true, totalBytes, streams };
}

/** The stream's dictionary (the text from `<<` to `>>` right before `stream`), or null. */
function dictionaryBefore(text, keywordAt) {
  let end = keywordAt;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  if (text.slice(end - 2, end) !== ">>") return null;
  // Walk back over nested dictionaries to the one that opens it (bounded: dictionaries are small).
  let depth = 0;
  for (let i = end - 2; i >= Math.max(0, end - 65_536); i--) {
    const pair = text.slice(i, i + 2);
    if (pair === ">>") {
      depth++;
      i--;
    } else if (pair === "<<") {
      depth--;
      if (depth === 0) return text.slice(i, end);
      i--;
    }
  }
  return null;
}

const FILTER_ALIASES = {
  Fl: "FlateDecode",
  LZW: "LZWDecode",
  RL: "RunLengthDecode",
  AHx: "ASCIIHexDecode",
  A85: "ASCII85Decode",
};

function filterNames(dictionary) {
  const entry = /\/Filter\s*(\[[^\]]*\]|\/[^\s/[\]<>()]+)/.exec(dictionary);
  if (!entry) return [];
  return [...entry[1].matchAll(/\/([^\s/[\]<>()]+)/g)].map((m) => FILTER_ALIASES[m[1]] ?? m[1]);
}

/**
 * Where the stream's bytes end: at `/Length` when it is a number (or a reference to one) followed
 * by `endstream`, as pdf.js reads it; else at the first `endstream`, as pdf.js searches; else the
 * end of the file. Flate data is decoded only as far as its own end, whatever this says.
 */
function streamEnd(text, dictionary, start) {
  const length = /\/Length\s+(\d+)(?:\s+(\d+)\s+R)?/.exec(dictionary);
  if (length) {
    let value = Number(length[1]);
    if (length[2] !== undefined) {
      const target = new RegExp(`(?:^|\\s)${length[1]}\\s+${length[2]}\\s+obj\\s*(\\d+)\\s*endobj`).exec(
        text,
      );
      value = target ? Number(target[1]) : Number.NaN;
    }
    if (Number.isFinite(value) && /^\s*endstream/.test(text.slice(start + value, start + value + 32)))
      return start + value;
  }
  const found = text.indexOf("endstream", start);
  return found >= 0 ? found : text.length;
}

/**
 * Bytes the chain outputs, summed over its stages (pdf.js keeps each stage's output), stopping
 * as soon as the sum passes `budget` (then a number above it). Memory: the output of a stage that
 * feeds another, at most `budget`; the last stage's output is only counted.
 */
async function decodedSize(input, filters, budget) {
  let total = 0;
  let current = input;
  for (let i = 0; i < filters.length; i++) {
    const decode = DECODERS[filters[i]];
    if (!decode) break; // an image codec, a crypt filter, or one pdf.js does not know
    const keep = i + 1 < filters.length && DECODERS[filters[i + 1]] !== undefined;
    const kept = [];
    let over = false;
    await decode(current, (chunk) => {
      total += chunk.length;
      if (total > budget) {
        over = true;
        return false;
      }
      if (keep) kept.push(chunk);
      return true;
    });
    if (over || !keep) break;
    current = Buffer.concat(kept);
  }
  return total;
}

/** Each decoder calls `sink(chunk)` with its output as it goes; `false` from the sink stops it. */
const DECODERS = {
  FlateDecode: inflate,
  LZWDecode: lzw,
  RunLengthDecode: runLength,
  ASCIIHexDecode: asciiHex,
  ASCII85Decode: ascii85,
};

/** zlib's inflater, fed 16 KB at a time; damaged data counts what decoded before the damage. */
function inflate(input, sink) {
  return new Promise((resolve) => {
    const inflater = zlib.createInflate({ finishFlush: zlib.constants.Z_SYNC_FLUSH });
    let offset = 0;
    let stopped = false;
    const stop = () => {
      if (stopped) return;
      stopped = true;
      inflater.destroy();
      resolve();
    };
    inflater.on("data", (chunk) => {
      if (!sink(chunk)) stop();
    });
    inflater.on("end", stop);
    inflater.on("error", stop);
    inflater.on("close", stop);
    const pump = () => {
      while (!stopped && offset < input.length) {
        const piece = input.subarray(offset, offset + 16_384);
        offset += piece.length;
        if (!inflater.write(piece)) return void inflater.once("drain", pump);
      }
      if (!stopped) inflater.end();
    };
    pump();
  });
}

/** Emits `out` in pieces of at most 64 KB. */
function chunked(sink) {
  const size = 65_536;
  let out = Buffer.allocUnsafe(size);
  let used = 0;
  return {
    push(byte) {
      out[used++] = byte;
      if (used === size) {
        const ok = sink(out);
        out = Buffer.allocUnsafe(size);
        used = 0;
        return ok;
      }
      return true;
    },
    flush() {
      if (used > 0) sink(out.subarray(0, used));
    },
  };
}

async function runLength(input, sink) {
  const out = chunked(sink);
  for (let i = 0; i < input.length;) {
    const n = input[i++];
    if (n === 128) break;
    if (n < 128) {
      for (let k = 0; k <= n && i < input.length; k++) if (!out.push(input[i++])) return;
    } else {
      if (i >= input.length) break;
      const byte = input[i++];
      for (let k = 0; k < 257 - n; k++) if (!out.push(byte)) return;
    }
  }
  out.flush();
}

async function asciiHex(input, sink) {
  const out = chunked(sink);
  let high = -1;
  for (const c of input) {
    if (c === 0x3e) break; // >
    const v =
      c >= 0x30 && c <= 0x39 ? c - 0x30 : (c | 0x20) >= 0x61 && (c | 0x20) <= 0x66 ? (c | 0x20) - 87 : -1;
    if (v < 0) continue;
    if (high < 0) high = v;
    else {
      if (!out.push((high << 4) | v)) return;
      high = -1;
    }
  }
  if (high >= 0) out.push(high << 4);
  out.flush();
}

async function ascii85(input, sink) {
  const out = chunked(sink);
  const group = [];
  const emit = (count) => {
    let value = 0;
    for (let k = 0; k < 5; k++) value = value * 85 + (k < group.length ? group[k] : 84);
    for (let k = 0; k < count; k++) if (!out.push((value >>> (24 - 8 * k)) & 0xff)) return false;
    return true;
  };
  for (let i = 0; i < input.length; i++) {
    const c = input[i];
    if (c === 0x7e) break; // ~> ends the data
    if (c === 0x7a && group.length === 0) {
      for (let k = 0; k < 4; k++) if (!out.push(0)) return;
      continue;
    }
    if (c < 0x21 || c > 0x75) continue;
    group.push(c - 0x21);
    if (group.length === 5) {
      if (!emit(4)) return;
      group.length = 0;
    }
  }
  if (group.length > 1) emit(group.length - 1);
  out.flush();
}

/** LZW as PDF uses it (codes of 9 to 12 bits, 256 clears the table, 257 ends, early change 1). */
async function lzw(input, sink) {
  const out = chunked(sink);
  const prefix = new Int32Array(4096);
  const suffix = new Uint8Array(4096);
  const scratch = new Uint8Array(4096);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
  }
  let next = 258;
  let width = 9;
  let previous = -1;
  let bits = 0;
  let buffer = 0;
  for (let i = 0; i < input.length; i++) {
    buffer = (buffer << 8) | input[i];
    bits += 8;
    while (bits >= width) {
      const code = (buffer >>> (bits - width)) & ((1 << width) - 1);
      bits -= width;
      buffer &= (1 << bits) - 1;
      if (code === 256) {
        next = 258;
        width = 9;
        previous = -1;
        continue;
      }
      if (code === 257) return void out.flush();
      let entry = code;
      if (code >= next) {
        if (previous < 0 || code > next) return void out.flush(); // damaged: pdf.js stops too
        entry = previous;
      }
      // The entry's bytes, last first.
      let n = 0;
      for (let e = entry; e >= 0 && n < 4096; e = prefix[e]) scratch[n++] = suffix[e];
      for (let k = n - 1; k >= 0; k--) if (!out.push(scratch[k])) return;
      const first = scratch[n - 1];
      if (code >= next && !out.push(first)) return;
      if (previous >= 0 && next < 4096) {
        prefix[next] = previous;
        suffix[next] = first;
        next++;
      }
      previous = code;
      if (next + 1 >= 1 << width && width < 12) width++;
    }
  }
  out.flush();
}
