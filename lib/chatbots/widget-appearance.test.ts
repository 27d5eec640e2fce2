import { describe, expect, it } from "vitest";
import { updateBotSchema } from "./console-action-schemas";
import { contrastRatio, parseOrigins, readWidgetAppearance } from "./widget-appearance";

const form = (over: Record<string, string>) => ({
  id: "00000000-0000-4000-8000-000000000001",
  name: "Roofer",
  fallback_message: "Sorry.",
  status: "active",
  model: "gpt-4o-mini",
  temperature: "0.2",
  max_tokens: "400",
  widget_title: "Ask Summit Roofing",
  widget_color: "#0F766E",
  widget_text_color: "#ffffff",
  widget_position: "left",
  widget_launcher_text: "Ask us",
  ...over,
});

describe("allowed origins as typed", () => {
  it("normalises good entries and names every wrong one", () => {
    const { origins, errors } = parseOrigins(
      "https://www.roofer.example/contact\nhttp://localhost:3000, www.roofer.example ftp://files.example *.roofer.example https://www.roofer.example",
    );
    expect(origins).toEqual(["https://www.roofer.example", "http://localhost:3000"]);
    expect(errors).toHaveLength(3);
    expect(errors[0]).toContain("“www.roofer.example” needs https://");
    expect(errors[0]).toContain("https://www.roofer.example");
    expect(errors[1]).toContain("“ftp://files.example”");
    expect(errors[2]).toContain("“*.roofer.example”: wildcards");
  });

  it("puts the wrong entries in the field's own message, not only a form-wide one", () => {
    const parsed = updateBotSchema.safeParse(form({ allowed_origins: "https://ok.example\nnot a site" }));
    expect(parsed.success).toBe(false);
    const issue = parsed.error!.issues.find((i) => i.path[0] === "allowed_origins");
    expect(issue?.path).toEqual(["allowed_origins"]);
    expect(issue?.message).toContain("“not”");
    expect(issue?.message).toContain("“site”");
  });

  it("accepts * alone and an empty list", () => {
    expect(parseOrigins("*")).toEqual({ origins: ["*"], errors: [] });
    expect(parseOrigins("  ")).toEqual({ origins: [], errors: [] });
  });
});

describe("widget appearance", () => {
  it("is read from the settings form, colours lowercased", () => {
    const parsed = updateBotSchema.parse(form({ allowed_origins: "" }));
    expect(parsed).toMatchObject({
      widget_title: "Ask Summit Roofing",
      widget_color: "#0f766e",
      widget_position: "left",
      widget_launcher_text: "Ask us",
    });
  });

  it("refuses a colour that is not #rrggbb and an empty title, under their fields", () => {
    const parsed = updateBotSchema.safeParse(form({ widget_color: "red;x", widget_title: " " }));
    const fields = parsed.error!.issues.map((i) => [i.path.join("."), i.message]);
    expect(fields).toContainEqual(["widget_color", "Choose the main colour as a colour like #4f46e5."]);
    expect(fields).toContainEqual(["widget_title", "Enter a title."]);
  });

  it("reads what is stored leniently, with the organization's colour as the default", () => {
    expect(readWidgetAppearance({ title: "Hi", color: "url(x)" }, { color: "#112233" })).toEqual({
      title: "Hi",
      color: "#112233",
      text_color: "#ffffff",
      position: "right",
      launcher_text: "",
    });
    expect(readWidgetAppearance(null).title).toBe("Chat with us");
  });

  it("measures contrast as WCAG does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 1);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#4f46e5", "#ffffff")).toBeGreaterThan(4.5);
  });
});
