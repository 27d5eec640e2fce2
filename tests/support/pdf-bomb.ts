import zlib from "node:zlib";

/**
 * Hand-made PDFs for the decoded-size limits: one page with a little real text in one content
 * stream and a second content stream whose filters decode to `size` bytes of spaces (harmless to
 * pdf.js, only large). Built in pieces, so making an 800 MB bomb never holds 800 MB.
 */

/** `size` bytes of spaces through zlib, fed 1 MB at a time. */
export function deflatedSpaces(size: number): Promise<Buffer> {
  const deflater = zlib.createDeflate({ level: 9 });
  const out: Buffer[] = [];
  deflater.on("data", (c: Buffer) => out.push(c));
  const chunk = Buffer.alloc(1 << 20, 0x20);
  return new Promise((resolve, reject) => {
    deflater.on("end", () => resolve(Buffer.concat(out)));
    deflater.on("error", reject);
    let left = size;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!deflater.write(n === chunk.length ? chunk : chunk.subarray(0, n)))
          return void deflater.once("drain", pump);
      }
      deflater.end();
    };
    pump();
  });
}

export type PdfStream = { dictionary: string; data: Buffer };

/** A one-page PDF whose content is "Hello bomb" followed by the given extra content streams. */
export function pdfWithStreams(extra: PdfStream[]): Buffer {
  const text = Buffer.from("BT /F1 12 Tf 72 720 Td (Hello bomb) Tj ET\n");
  const streams: PdfStream[] = [{ dictionary: "", data: text }, ...extra];
  const contents = streams.map((_, i) => `${5 + i} 0 R`).join(" ");
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> /Contents [${contents}] >>`,
    ),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
    ...streams.map((s) =>
      Buffer.concat([
        Buffer.from(`<< /Length ${s.data.length} ${s.dictionary} >>\nstream\n`),
        s.data,
        Buffer.from("\nendstream"),
      ]),
    ),
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const object = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from("\nendobj\n")]);
    parts.push(object);
    length += object.length;
  });
  const xref =
    `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("") +
    `trailer\n<< /Size ${offsets.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`;
  parts.push(Buffer.from(xref));
  return Buffer.concat(parts);
}

/** The knowledge-base bomb of the issue: under 1 MB on disk, `size` bytes (800 MB) decoded. */
export async function pdfBomb(size = 800 * 1024 * 1024): Promise<Buffer> {
  return pdfWithStreams([{ dictionary: "/Filter /FlateDecode", data: await deflatedSpaces(size) }]);
}
