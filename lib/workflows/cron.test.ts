import { describe, expect, it } from "vitest";
import { describeCron, normalizeCron, validateCron } from "./cron";

describe("cron", () => {
  it.each([
    "* * * * *",
    "0 9 * * 1-5",
    "*/15 * * * *",
    "0 0 1,15 * *",
    "30 8 * JAN-MAR MON-FRI",
    "5-55/10 * * * 0,7",
    "@daily",
  ])("accepts %s", (expression) => expect(validateCron(expression)).toBeNull());

  it.each([
    ["", "A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has 0."],
    [
      "* * * *",
      "A cron expression has 5 fields (minute hour day-of-month month day-of-week); this one has 4.",
    ],
    ["61 * * * *", "Minute: 61 is out of range 0–59."],
    ["* 24 * * *", "Hour: 24 is out of range 0–23."],
    ["* * 0 * *", "Day of month: 0 is out of range 1–31."],
    ["* * * FOO *", 'Month: "FOO" is not a valid value (1–12 or JAN–DEC).'],
    ["* * * * 8", "Day of week: 8 is out of range 0–7."],
    ["*/0 * * * *", 'Minute: "0" is not a valid step (use a number from 1).'],
    ["10-5 * * * *", "Minute: the range 10-5 goes backwards."],
    ["1,,2 * * * *", "Minute: an empty item in a list."],
    [
      "@reboot",
      'Unknown shortcut "@reboot". Use one of @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly.',
    ],
  ])("refuses %j", (expression, message) => expect(validateCron(expression)).toBe(message));

  it("describes common schedules", () => {
    expect(describeCron("0 9 * * 1-5")).toBe("Weekdays at 09:00");
    expect(describeCron("*/15 * * * *")).toBe("Every 15 minutes");
    expect(describeCron("@hourly")).toBe("Every hour");
    expect(describeCron("30 7 * * 1")).toBe("Every Monday at 07:30");
    expect(describeCron("0 0 1 * *")).toBe("Monthly on day 1 at 00:00");
    expect(describeCron("0 9 1-7 * 1")).toBeNull();
    expect(normalizeCron("@daily")).toBe("0 0 * * *");
    expect(normalizeCron("nope")).toBeNull();
  });
});
