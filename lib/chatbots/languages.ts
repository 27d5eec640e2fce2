/**
 * A bot's language: the PostgreSQL text-search configuration its knowledge base and visitors'
 * questions are stemmed with ("simple": no stemming, for other languages or mixed ones).
 */
export const BOT_LANGUAGES = {
  english: "English",
  german: "German",
  french: "French",
  spanish: "Spanish",
  italian: "Italian",
  portuguese: "Portuguese",
  dutch: "Dutch",
  swedish: "Swedish",
  danish: "Danish",
  norwegian: "Norwegian",
  finnish: "Finnish",
  russian: "Russian",
  turkish: "Turkish",
  simple: "Other (no stemming)",
} as const;
export type BotLanguage = keyof typeof BOT_LANGUAGES;
