import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { deflatedSpaces, pdfWithStreams } from "@/tests/support/pdf-bomb";
import { measureDecodedStreams } from "./pdf-stream-budget.mjs";

const MB = 1024 * 1024;
const generous = { maxStreamBytes: 64 * MB, maxTotalBytes: 256 * MB };

describe("measureDecodedStreams", () => {
  it("counts what each filter chain decodes to", async () => {
    const pdf = pdfWithStreams([
      { dictionary: "/Filter /FlateDecode", data: zlib.deflateSync(Buffer.alloc(100_000, 65)) },
      { dictionary: "/Filter [/ASCIIHexDecode]", data: Buffer.from("48 65 6c 6C 6f>") },
      { dictionary: "/Filter /ASCII85Decode", data: Buffer.from('87cURD]i,"Ebo80~>') },
      // A run of 128 copies of one byte, then 3 literal bytes (RunLength), then the end marker.
      { dictionary: "/Filter /RunLengthDecode", data: Buffer.from([129, 0x41, 2, 0x61, 0x62, 0x63, 128]) },
      // The PDF specification's LZW example: 10 bytes.
      { dictionary: "/Filter /LZWDecode", data: Buffer.from("800B6050220C0C8501", "hex") },
      // An image codec ends the chain: only the Flate stage before it is decoded.
      {
        dictionary: "/Subtype /Image /Filter [/FlateDecode /DCTDecode]",
        data: zlib.deflateSync(Buffer.alloc(1000, 1)),
      },
    ]);
    const measured = await measureDecodedStreams(pdf, generous);
    expect(measured).toEqual({ ok: true, totalBytes: 100_000 + 5 + 12 + 131 + 10 + 1000, streams: 7 });
  });

  it("refuses a stream that inflates past the per-stream budget, without inflating it all", async () => {
    const pdf = pdfWithStreams([
      { dictionary: "/Filter /FlateDecode", data: await deflatedSpaces(200 * MB) },
    ]);
    const started = Date.now();
    const measured = await measureDecodedStreams(pdf, { maxStreamBytes: 8 * MB, maxTotalBytes: 64 * MB });
    expect(measured).toMatchObject({ ok: false, reason: "stream" });
    expect(measured.totalBytes).toBeLessThan(9 * MB);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("refuses many streams that together pass the per-file budget", async () => {
    const piece = await deflatedSpaces(3 * MB);
    const pdf = pdfWithStreams(Array.from({ length: 5 }, () => ({ dictionary: "/Filter /Fl", data: piece })));
    expect(
      await measureDecodedStreams(pdf, { maxStreamBytes: 4 * MB, maxTotalBytes: 10 * MB }),
    ).toMatchObject({
      ok: false,
      reason: "total",
    });
  });

  it("sees through chains (Flate inside Flate, RunLength inside Flate) and fake stream ends", async () => {
    const inner = await deflatedSpaces(20 * MB);
    const runs = zlib.deflateSync(Buffer.alloc(200_000, Buffer.from([129, 0x20])));
    const limits = { maxStreamBytes: 4 * MB, maxTotalBytes: 64 * MB };
    for (const stream of [
      { dictionary: "/Filter [/FlateDecode /FlateDecode]", data: zlib.deflateSync(inner) },
      { dictionary: "/Filter [/FlateDecode /RunLengthDecode]", data: runs },
    ])
      expect(await measureDecodedStreams(pdfWithStreams([stream]), limits)).toMatchObject({ ok: false });
    // "endstream" in the compressed bytes (a stored block) does not hide the blocks after it:
    // Flate is decoded to its own end, as pdf.js would with the right /Length.
    const marker = Buffer.from("endstream");
    const storedBlock = Buffer.from([0x00, marker.length, 0, ~marker.length & 0xff, 0xff]);
    const rest = zlib.deflateRawSync(Buffer.alloc(20 * MB, 0x20));
    const disguised = Buffer.concat([Buffer.from([0x78, 0x01]), storedBlock, marker, rest, Buffer.alloc(4)]);
    const pdf = pdfWithStreams([{ dictionary: "/Filter /FlateDecode", data: disguised }]);
    expect(await measureDecodedStreams(pdf, limits)).toMatchObject({ ok: false, reason: "stream" });
  });
});
