/**
 * A visitor's question as retrieval uses it (pure, unit-tested): its words, each a group with
 * the built-in synonyms of common visitor words, and a weight (question filler such as "options"
 * or "how long" weighs little: "What payment options do you have?" is a question about payment).
 * Postgres stems every word in the bot's language and looks the groups up in the inverted index
 * (lib/chatbots/retrieval.ts); a chunk covers a group when it holds any of its words.
 *
 * The English helpers (contractions visitors leave out, synonyms, filler) are marked so the
 * query applies them only for a bot whose language is English.
 */

/** One word of a group: the visitor's own (factor 1) or a synonym (less). */
export type QueryWord = {
  /** The word, as Postgres will stem it. */
  w: string;
  /** Its group (one per visitor word). */
  g: number;
  /** How much a chunk that holds this word covers the group. */
  f: number;
  /** The group's weight for an English bot: 1 for a content word, less for filler (which then does not count in the confidence). */
  wt: number;
  /** 0: for every bot; 1: only for an English bot (a synonym, a contraction's expansion); 2: only for others. */
  o: 0 | 1 | 2;
  /** The visitor's own word, long enough to correct when the bot knows no word like it. */
  t: boolean;
};

/**
 * The default answer threshold on a passage's confidence (the share of the question it covers),
 * chosen on the answer-quality suite (bench/answers.ts prints the sweep). Here, in a module with
 * no server code, so the flow canvas can show it too.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.55;
export const SYNONYM_FACTOR = 0.9;
export const FILLER_WEIGHT = 0.25;
const MAX_WORDS = 32;
/** Typo correction is tried only for words this long (short words are too easily "corrected"). */
const MIN_TYPO_LENGTH = 5;

/**
 * Groups of words visitors use for the same thing. Small and general on purpose: customer
 * service vocabulary, not any one business's. A word's group is every group it appears in.
 */
const SYNONYM_GROUPS: readonly string[][] = [
  ["price", "cost", "fee", "charge", "pricing", "expensive", "cheap", "afford"],
  ["quote", "estimate"],
  ["pay", "payment", "paying"],
  ["financing", "finance", "loan", "installments"],
  ["hours", "open", "opening", "closed", "closing"],
  ["warranty", "guarantee", "guaranteed"],
  ["refund", "reimburse", "reimbursement"],
  ["cancel", "cancellation", "cancelling", "terminate"],
  ["phone", "call", "telephone"],
  ["email", "e-mail", "mail"],
  ["contact", "reach"],
  ["shipping", "delivery", "deliver", "ship", "postage"],
  ["size", "dimensions", "dimension", "measurements"],
  ["install", "installation", "setup", "mount"],
  ["fix", "repair"],
  ["broken", "damaged", "defective", "faulty"],
  ["leak", "leaking", "leaky", "drip"],
  ["address", "location", "located"],
  ["staff", "employees", "crew", "team"],
  ["family", "wife", "husband", "spouse", "partner", "kids", "children"],
  ["discount", "coupon", "promo", "voucher"],
  ["password", "passcode"],
  ["buy", "purchase"],
  ["delete", "remove", "erase"],
  ["data", "information"],
  ["secure", "security", "safe", "protect", "protection"],
  ["subscription", "membership"],
  ["appointment", "booking", "book", "schedule"],
  ["help", "support", "assistance"],
  ["app", "application"],
  ["wifi", "wi-fi", "wireless"],
  ["license", "licence", "licensed", "licenced"],
  ["unsubscribe", "opt-out"],
  ["color", "colour"],
  ["cookie", "cookies", "tracking"],
  ["firmware", "software", "update"],
  ["yard", "lawn", "garden"],
  ["loud", "noisy", "noise"],
  ["child", "children", "kid", "kids"],
  ["bonus", "reward"],
  ["wear", "wore", "worn", "wearing"],
];

/**
 * Two-word phrases whose meaning is not in their words: the second word's group gets these words
 * too, and counts as content even when the word alone is filler ("how much" asks for a price).
 */
const PHRASES: Record<string, string[]> = {
  "how much": ["price", "cost", "fee", "charge"],
  "money back": ["refund"],
  "bring back": ["return"],
  "send back": ["return"],
  "take back": ["return"],
  "service area": ["serve"],
  "in touch": ["contact"],
  "sign up": ["register", "account"],
  "log in": ["login", "sign"],
  "sign in": ["login", "sign"],
};

const synonymsOf = new Map<string, Set<string>>();
for (const group of SYNONYM_GROUPS)
  for (const word of group) {
    const set = synonymsOf.get(word) ?? new Set<string>();
    for (const other of group) if (other !== word) set.add(other);
    synonymsOf.set(word, set);
  }

/**
 * Words that say little about what a visitor asks (beyond Postgres's stop words): they help rank
 * passages (a quarter as much as other words) but do not count in the confidence, so "How long is
 * the warranty?" is a question about the warranty, answered whether or not "long" is in it.
 */
const FILLER = new Set(
  (
    "option options way ways thing things kind kinds type types detail details question questions " +
    "please want wanted need needs know tell find get got make let possible available offer offers " +
    "provide still also really actually exactly long much many often soon ever number work works " +
    "use used uses using hi hello hey thanks thank ok okay yes sure someone something anything anyone " +
    "everything now right info yet go goes going went come comes happen happens say see look " +
    "bring send sent take takes talk speak mean means set change switch turn"
  ).split(" "),
);

/** Words visitors write without their apostrophe (and a few shorthands), as Postgres needs them. */
const CONTRACTIONS: Record<string, string> = {
  whats: "what is",
  wont: "will not",
  dont: "do not",
  doesnt: "does not",
  cant: "can not",
  isnt: "is not",
  arent: "are not",
  havent: "have not",
  didnt: "did not",
  im: "i am",
  ive: "i have",
  u: "you",
  ur: "your",
  pls: "please",
  plz: "please",
  thx: "thanks",
};

/** The question's words: lower case, letters, digits, inner hyphens and apostrophes dropped. */
export function questionWords(text: string): string[] {
  return (
    (
      text
        .toLowerCase()
        .normalize("NFC")
        .replace(/['’]/g, "")
        // "5ghz", "24v", "10mb": the number and its unit, as documents write them.
        .replace(/(\d)(\p{L})/gu, "$1 $2")
        .match(/[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*/gu) ?? []
    ).slice(0, MAX_WORDS)
  );
}

/** The groups of a question, for the retrieval query (see QueryWord). */
export function analyzeQuestion(text: string): QueryWord[] {
  const out: QueryWord[] = [];
  const words = questionWords(text);
  let g = 0;
  for (const [i, raw] of words.entries()) {
    const expansion = CONTRACTIONS[raw];
    // "bring back", also "bring it back".
    const phrase = PHRASES[`${words[i - 1]} ${raw}`] ?? PHRASES[`${words[i - 2]} ${raw}`];
    const weight = FILLER.has(raw) && !phrase ? FILLER_WEIGHT : 1;
    const typo = raw.length >= MIN_TYPO_LENGTH && !FILLER.has(raw);
    // "whats" is "what is" for an English bot (stop words both: the group then has no lexeme).
    out.push({ w: raw, g, f: 1, wt: weight, o: expansion ? 2 : 0, t: typo && !expansion });
    for (const word of expansion?.split(" ") ?? [])
      out.push({ w: word, g, f: 1, wt: weight, o: 1, t: false });
    for (const synonym of new Set([...(synonymsOf.get(raw) ?? []), ...(phrase ?? [])]))
      out.push({ w: synonym, g, f: SYNONYM_FACTOR, wt: weight, o: 1, t: false });
    g++;
  }
  return out;
}
