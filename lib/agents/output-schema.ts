/**
 * Checking an agent's answer against its output JSON schema: the subset agents use (type,
 * properties, required, items, enum), reported as the first problem with its path. Keywords
 * outside that subset are not checked (said on the agent form).
 */

type Schema = Record<string, unknown>;

function typeOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
  return typeof value;
}

function typeMatches(expected: unknown, actual: string): boolean {
  const types = Array.isArray(expected) ? expected : [expected];
  return types.some((t) => t === actual || (t === "number" && actual === "integer"));
}

/** The first way `value` breaks `schema`, or null when it follows it. */
export function schemaProblem(schema: Schema, value: unknown, path = "answer", depth = 0): string | null {
  if (depth > 20) return null;
  const actual = typeOf(value);
  if (schema.type !== undefined && !typeMatches(schema.type, actual))
    return `${path} should be ${Array.isArray(schema.type) ? schema.type.join(" or ") : String(schema.type)}, not ${actual}.`;
  if (Array.isArray(schema.enum) && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    return `${path} should be one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}.`;
  if (actual === "object") {
    const object = value as Record<string, unknown>;
    for (const key of Array.isArray(schema.required) ? schema.required : [])
      if (typeof key === "string" && !(key in object)) return `${path}.${key} is missing.`;
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, sub] of Object.entries(properties)) {
      if (!(key in object) || typeof sub !== "object" || sub === null) continue;
      const problem = schemaProblem(sub, object[key], `${path}.${key}`, depth + 1);
      if (problem) return problem;
    }
  }
  if (actual === "array" && typeof schema.items === "object" && schema.items !== null) {
    const items = value as unknown[];
    for (let i = 0; i < items.length; i++) {
      const problem = schemaProblem(schema.items as Schema, items[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}
