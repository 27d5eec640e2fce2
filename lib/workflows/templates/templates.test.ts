import { describe, expect, it } from "vitest";
import { canonicalDefinition, workflowDefinitionSchema } from "../definition";
import { validateWorkflow } from "../validate";
import { TEMPLATE_CATEGORIES, workflowTemplateCatalog } from ".";

describe("the workflow template catalog", () => {
  it("ships at least 15 templates with unique keys and names", () => {
    expect(workflowTemplateCatalog.length).toBeGreaterThanOrEqual(15);
    const keys = workflowTemplateCatalog.map((t) => t.key);
    expect(new Set(keys).size).toBe(keys.length);
    const names = workflowTemplateCatalog.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(workflowTemplateCatalog.map((t) => [t.key, t] as const))(
    "%s: a valid definition with no problem at all, a category and a one-line purpose",
    (_key, template) => {
      expect(template.key).toMatch(/^[a-z0-9][a-z0-9-]{1,79}$/);
      expect(TEMPLATE_CATEGORIES).toContain(template.category);
      expect(template.description.length).toBeGreaterThan(20);
      expect(template.description.length).toBeLessThanOrEqual(160);
      expect(template.description).not.toContain("\n");
      const definition = workflowDefinitionSchema.parse(template.definition);
      expect(canonicalDefinition(definition)).toEqual(template.definition);
      expect(validateWorkflow(definition)).toEqual([]);
    },
  );

  it("covers the jobs customers asked for", () => {
    const keys = workflowTemplateCatalog.map((t) => t.key);
    expect(keys).toEqual(
      expect.arrayContaining([
        "ghl-form-lead-follow-up",
        "missed-call-text-back",
        "won-deal-celebrate-commission",
        "weekly-sales-digest",
        "invoice-paid-thank-you",
        "chatbot-lead-to-ghl",
        "stale-deal-reminder",
      ]),
    );
  });
});
