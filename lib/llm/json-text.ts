/**
 * The JSON in a model's answer: bare, in a Markdown fence, or the outermost {…} of a sentence
 * around it ("Here you go: {…}"), as models answer even when asked for JSON only. Text with no
 * braces comes back trimmed, for the JSON parser to refuse.
 */
export function jsonTextIn(answer: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(answer);
  const text = (fenced ? fenced[1]! : answer).trim();
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  return start >= 0 && end > start ? text.slice(start, end + 1) : text;
}
