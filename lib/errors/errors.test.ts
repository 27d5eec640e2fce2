import { describe, expect, it } from "vitest";
import { AppError, toAppError } from ".";

describe("toAppError", () => {
  it("keeps an AppError as it is", () => {
    const e = new AppError("not_found", "No such thing");
    expect(toAppError(e)).toBe(e);
    expect(e.status).toBe(404);
  });

  it("maps our own SQLSTATEs to codes, keeping the message written for people", () => {
    const e = toAppError({ code: "OFLIM", message: "Your plan allows 3 member(s)" });
    expect(e).toMatchObject({ code: "limit_reached", message: "Your plan allows 3 member(s)" });
    expect(e.status).toBe(402);
    expect(toAppError({ code: "OFGON", message: "expired" }).status).toBe(410);
    expect(toAppError({ code: "OFFEA", message: "Starter and above" })).toMatchObject({
      code: "feature_locked",
      status: 402,
    });
  });

  it("hides Postgres' own wording for constraint and permission errors", () => {
    expect(
      toAppError({ code: "23505", message: 'duplicate key value violates unique constraint "x"' }),
    ).toMatchObject({
      code: "conflict",
      message: "That already exists.",
    });
    expect(toAppError({ code: "42501", message: "new row violates row-level security policy" }).status).toBe(
      403,
    );
  });

  it("answers input PostgreSQL cannot take with a 4xx, and its own time limits with a 503", () => {
    for (const code of ["22021", "22P05", "22003", "22007", "22008", "54001"])
      expect(toAppError({ code, message: "invalid byte sequence" })).toMatchObject({
        code: "validation_failed",
        message: "Some of the data is not valid.",
      });
    expect(toAppError({ code: "54000", message: "index row size" }).status).toBe(413);
    expect(
      toAppError({ code: "57014", message: "canceling statement due to statement timeout" }),
    ).toMatchObject({ code: "unavailable", message: "This took too long on our side. Please try again." });
  });

  it("turns anything unknown into a generic internal error without details", () => {
    const e = toAppError(new Error("connection refused at 10.0.0.1"));
    expect(e.code).toBe("internal");
    expect(e.message).not.toContain("10.0.0.1");
    expect(e.toBody()).toEqual({ error: { code: "internal", message: e.message } });
  });
});
