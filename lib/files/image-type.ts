/**
 * What an uploaded image is, by its first bytes: never by its name or the type the browser
 * declared. Only raster formats browsers show as images and never run: no SVG (it can carry
 * scripts), no HTML, whatever the file calls itself.
 */
export const RASTER_IMAGE_TYPES = ["image/png", "image/jpeg", "image/webp"] as const;
export type RasterImageType = (typeof RASTER_IMAGE_TYPES)[number];

export function sniffRasterImage(bytes: Uint8Array): RasterImageType | null {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString("latin1");
  if (
    bytes.length >= 8 &&
    bytes[0] === 0x89 &&
    ascii(1, 4) === "PNG" &&
    bytes[4] === 0x0d &&
    bytes[5] === 0x0a
  )
    return "image/png";
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return "image/jpeg";
  if (bytes.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}
