/**
 * The inline script of <FullBleed> (full-bleed.tsx), in a module of its own so proxy.ts can list
 * its hash in the Content-Security-Policy: an inline script runs only with the request's nonce or
 * a listed hash. Change the text and the hash follows.
 */
export const FULL_BLEED_ATTRIBUTE = "data-full-bleed";
export const FULL_BLEED_SCRIPT = `document.documentElement.setAttribute("${FULL_BLEED_ATTRIBUTE}","")`;
