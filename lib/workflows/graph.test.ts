import { describe, expect, it } from "vitest";
import { edgeId, type WorkflowEdge, type WorkflowGraph, type WorkflowNode } from "./definition";
import { scopeForNode, scopeVariables } from "./expressions/scope";
import { connectionProblem, hasErrors, type Problem } from "./graph";
import { graphProblems } from "./graph-problems";
import { getNodeType } from "./nodes/registry";
import { validateWorkflow } from "./validate";

/** A node of `type` with its type's default config (or `config`). */
function node(id: string, type: string, config?: Record<string, unknown>): WorkflowNode {
  return {
    id,
    type,
    position: { x: 0, y: 0 },
    data: {
      config: config ?? (structuredClone(getNodeType(type)?.defaults ?? {}) as Record<string, unknown>),
    },
  };
}

/** "a>b" connects a.out to b.in; "a:true>b" names the source handle; "a>b:x" the target handle. */
function edge(spec: string): WorkflowEdge {
  const [from, to] = spec.split(">") as [string, string];
  const [source, sourceHandle = "out"] = from.split(":") as [string, string?];
  const [target, targetHandle = "in"] = to.split(":") as [string, string?];
  const e = { source, sourceHandle, target, targetHandle };
  return { id: edgeId(e), ...e };
}

const valid = {
  webhook: () => node("webhook_1", "webhook"),
  http: (id = "http_1", url = "https://api.example.test/orders") =>
    node(id, "http_request", { ...(getNodeType("http_request")!.defaults as Record<string, unknown>), url }),
  notify: (id = "notify_1") =>
    node(id, "notify", { audience: "owners", title: "New order", message: "From {{ trigger.body.email }}" }),
  condition: (id = "condition_1") =>
    node(id, "condition", {
      combinator: "all",
      rules: [{ left: "{{ trigger.body.total }}", operator: "greater_than", right: "100" }],
    }),
  loop: (id = "loop_1") => node(id, "loop", { items: "{{ trigger.body.items }}", max_items: 100 }),
  end: (id = "end_1") => node(id, "end"),
};

function graph(nodes: WorkflowNode[], edges: string[]): WorkflowGraph {
  return { nodes, edges: edges.map(edge) };
}

const errors = (problems: Problem[]) => problems.filter((p) => p.severity === "error").map((p) => p.message);

describe("trigger count", () => {
  it("needs a trigger", () => {
    const problems = graphProblems(graph([valid.http()], []));
    expect(errors(problems)).toContain(
      "Add a trigger (Manual start, Webhook, Schedule or Event): it is where the workflow starts.",
    );
  });

  it("allows exactly one, marking each extra one", () => {
    const problems = graphProblems(
      graph([valid.webhook(), node("manual_1", "manual"), node("schedule_1", "schedule")], []),
    );
    const extra = problems.filter((p) => p.message.startsWith("A workflow has exactly one trigger"));
    expect(extra.map((p) => p.nodeId)).toEqual(["manual_1", "schedule_1"]);
  });

  it("accepts a minimal valid workflow", () => {
    const problems = validateWorkflow(graph([valid.webhook(), valid.notify()], ["webhook_1>notify_1"]));
    expect(problems).toEqual([]);
  });
});

describe("reachability", () => {
  it("marks steps the trigger cannot reach, and unconnected inputs", () => {
    const g = graph(
      [valid.webhook(), valid.notify(), valid.http("http_1"), valid.http("http_2")],
      ["webhook_1>notify_1", "http_1>http_2"],
    );
    const problems = graphProblems(g);
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "http_1",
        handleId: "in",
        message: "Connect a step into HTTP request.",
      }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({
        nodeId: "http_2",
        message: "HTTP request cannot be reached from the trigger.",
      }),
    );
    expect(problems.filter((p) => p.nodeId === "notify_1")).toEqual([]);
  });

  it("needs a loop's body connected", () => {
    const g = graph(
      [valid.webhook(), valid.loop(), valid.notify()],
      ["webhook_1>loop_1", "loop_1:done>notify_1"],
    );
    expect(graphProblems(g)).toContainEqual(
      expect.objectContaining({ nodeId: "loop_1", handleId: "body", severity: "error" }),
    );
  });
});

describe("handle rules", () => {
  const g = graph(
    [valid.webhook(), valid.condition(), valid.http(), valid.notify()],
    ["webhook_1>condition_1", "condition_1:true>http_1"],
  );

  it("refuses self-links, duplicates, unknown handles and links into a trigger", () => {
    expect(
      connectionProblem(g, { source: "http_1", sourceHandle: "out", target: "http_1", targetHandle: "in" }),
    ).toBe("A step cannot connect to itself.");
    expect(
      connectionProblem(g, {
        source: "condition_1",
        sourceHandle: "true",
        target: "http_1",
        targetHandle: "in",
      }),
    ).toBe("These steps are already connected that way.");
    expect(
      connectionProblem(g, {
        source: "condition_1",
        sourceHandle: "maybe",
        target: "notify_1",
        targetHandle: "in",
      }),
    ).toBe("Condition has no such output.");
    expect(
      connectionProblem(g, {
        source: "http_1",
        sourceHandle: "out",
        target: "webhook_1",
        targetHandle: null,
      }),
    ).toBe("Nothing can lead into a trigger: it is where the workflow starts.");
    expect(
      connectionProblem(g, { source: "gone", sourceHandle: "out", target: "http_1", targetHandle: "in" }),
    ).toBe("That step no longer exists.");
  });

  it("allows the same pair through another handle", () => {
    expect(
      connectionProblem(g, {
        source: "condition_1",
        sourceHandle: "false",
        target: "http_1",
        targetHandle: "in",
      }),
    ).toBeNull();
  });

  it("reports stale, duplicate and dangling edges in a saved graph", () => {
    const broken = graph(
      [valid.webhook(), valid.condition(), valid.http()],
      [
        "webhook_1>condition_1",
        "condition_1:true>http_1",
        "condition_1:true>http_1",
        "condition_1:later>http_1",
        "http_1>ghost_1",
      ],
    );
    const messages = errors(graphProblems(broken));
    expect(messages).toContain("Condition and HTTP request are connected twice the same way.");
    expect(messages).toContain("A connection leaves Condition from an output it no longer has; remove it.");
    expect(messages).toContain("This connection points at a step that does not exist.");
  });

  it("gives a switch one output per case plus Otherwise, following its config", () => {
    const sw = node("switch_1", "switch", {
      value: "{{ trigger.body.plan }}",
      cases: [
        { id: "c1", label: "Gold", equals: "gold" },
        { id: "c2", label: "", equals: "silver" },
      ],
      fallback: true,
    });
    const outputs = getNodeType("switch")!.outputs(sw.data.config);
    expect(outputs.map((h) => [h.id, h.label])).toEqual([
      ["c1", "Gold"],
      ["c2", "silver"],
      ["fallback", "Otherwise"],
    ]);
  });
});

describe("cycles", () => {
  it("refuses a connection that closes a cycle", () => {
    const g = graph(
      [valid.webhook(), valid.http("http_1"), valid.http("http_2"), valid.http("http_3")],
      ["webhook_1>http_1", "http_1>http_2", "http_2>http_3"],
    );
    expect(
      connectionProblem(g, { source: "http_3", sourceHandle: "out", target: "http_1", targetHandle: "in" }),
    ).toMatch(/That would make a cycle/);
    expect(
      connectionProblem(g, { source: "http_1", sourceHandle: "out", target: "http_3", targetHandle: "in" }),
    ).toBeNull();
  });

  it("reports a cycle in a saved graph with its steps", () => {
    const g = graph(
      [valid.webhook(), valid.http("http_1"), valid.http("http_2")],
      ["webhook_1>http_1", "http_1>http_2", "http_2>http_1"],
    );
    expect(errors(graphProblems(g))).toContainEqual(
      expect.stringMatching(/^These steps form a cycle: HTTP request → HTTP request → HTTP request/),
    );
  });

  it("allows repeating through a loop's body, back into the loop", () => {
    const g = graph(
      [valid.webhook(), valid.loop(), valid.http("http_1"), valid.notify()],
      ["webhook_1>loop_1", "loop_1:body>http_1", "loop_1:done>notify_1"],
    );
    expect(
      connectionProblem(g, { source: "http_1", sourceHandle: "out", target: "loop_1", targetHandle: "in" }),
    ).toBeNull();
    const closed = graph(g.nodes, [
      "webhook_1>loop_1",
      "loop_1:body>http_1",
      "http_1>loop_1",
      "loop_1:done>notify_1",
    ]);
    expect(validateWorkflow(closed)).toEqual([]);
  });

  it("still refuses a cycle around the loop's done branch", () => {
    const g = graph(
      [valid.webhook(), valid.loop(), valid.http("http_1")],
      ["webhook_1>loop_1", "loop_1:done>http_1"],
    );
    expect(
      connectionProblem(g, { source: "http_1", sourceHandle: "out", target: "loop_1", targetHandle: "in" }),
    ).toMatch(/That would make a cycle/);
  });

  it("allows nested loops", () => {
    const g = graph(
      [
        valid.webhook(),
        valid.loop("loop_1"),
        valid.loop("loop_2"),
        valid.http("http_1"),
        valid.http("http_2"),
      ],
      [
        "webhook_1>loop_1",
        "loop_1:body>loop_2",
        "loop_2:body>http_1",
        "http_1>loop_2",
        "loop_2:done>http_2",
        "http_2>loop_1",
      ],
    );
    expect(graphProblems(g)).toEqual([]);
  });

  it("refuses entering a loop's body from outside the loop", () => {
    const g = graph(
      [valid.webhook(), valid.loop(), valid.http("http_1"), valid.http("http_2")],
      ["webhook_1>loop_1", "loop_1:body>http_1", "http_1>loop_1", "webhook_1>http_2"],
    );
    expect(
      connectionProblem(g, { source: "http_2", sourceHandle: "out", target: "http_1", targetHandle: "in" }),
    ).toBe("HTTP request is part of the body of Loop; a loop's body can only be entered from the Loop step.");
    // The same, drawn the other way round: the body would start at a step already reached from outside.
    const open = graph(g.nodes, ["webhook_1>loop_1", "webhook_1>http_2", "http_2>http_1"]);
    expect(
      connectionProblem(open, {
        source: "loop_1",
        sourceHandle: "body",
        target: "http_1",
        targetHandle: "in",
      }),
    ).toBe(
      "HTTP request would be in the body of Loop but is also reached from HTTP request, outside it; a loop's body can only be entered from the Loop step.",
    );
    // …and a body that jumps into another loop's body.
    const crossed = graph(
      [valid.webhook(), valid.loop("loop_1"), valid.loop("loop_2"), valid.http("x_1"), valid.http("y_1")],
      ["webhook_1>loop_1", "loop_1:body>x_1", "x_1>loop_2", "loop_2:body>y_1", "y_1>loop_1"],
    );
    expect(errors(graphProblems(crossed))).toContainEqual(
      expect.stringMatching(/is in the body of .* outside the loop/),
    );
  });

  it("stays fast on a large graph", () => {
    const nodes = [valid.webhook(), ...Array.from({ length: 300 }, (_, i) => valid.http(`http_${i}`))];
    const edges = ["webhook_1>http_0", ...Array.from({ length: 299 }, (_, i) => `http_${i}>http_${i + 1}`)];
    const started = performance.now();
    const g = graph(nodes, edges);
    expect(validateWorkflow(g)).toEqual([]);
    expect(
      connectionProblem(g, { source: "http_299", sourceHandle: "out", target: "http_0", targetHandle: "in" }),
    ).toMatch(/cycle/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe("configs and expressions", () => {
  it("reports invalid configs on their fields", () => {
    const g = graph([valid.webhook(), valid.http("http_1", "not a url")], ["webhook_1>http_1"]);
    expect(validateWorkflow(g)).toEqual([
      {
        severity: "error",
        nodeId: "http_1",
        field: "url",
        message: "Enter a full http:// or https:// URL, or an expression.",
      },
    ]);
  });

  it("validates cron and time zone of a schedule", () => {
    const bad = node("schedule_1", "schedule", { cron: "61 * * * *", timezone: "Mars/Olympus" });
    const problems = validateWorkflow(graph([bad], []));
    expect(problems).toContainEqual(
      expect.objectContaining({ field: "cron", message: "Minute: 61 is out of range 0–59." }),
    );
    expect(problems).toContainEqual(expect.objectContaining({ field: "timezone", severity: "error" }));
  });

  it("checks expressions against the steps before each step", () => {
    const http = valid.http("http_1", "https://api.example.test/{{ steps.notify_1.output.notified }}");
    const notify = node("notify_1", "notify", {
      audience: "owners",
      title: "{{ steps.http_1.output.status }} {{ steps.http_1.output.stauts }}",
      message: "{{ steps.nope.output }} {{ loop.item }} {{ trigger.body. }} {{ user.name }}",
    });
    const problems = validateWorkflow(
      graph([valid.webhook(), http, notify], ["webhook_1>http_1", "http_1>notify_1"]),
    );
    const on = (nodeId: string, field: string) =>
      problems.filter((p) => p.nodeId === nodeId && p.field === field).map((p) => [p.severity, p.message]);
    expect(on("http_1", "url")).toEqual([
      [
        "error",
        "“Notify team” (notify_1) does not come before this step, so its output is not available here.",
      ],
    ]);
    expect(on("notify_1", "title")).toEqual([
      ["warning", "steps.http_1.output has no declared field “stauts”; check the spelling."],
    ]);
    expect(on("notify_1", "message")).toEqual([
      ["error", expect.stringMatching(/Expected a name after "\."/)],
      ["error", "There is no step “nope”."],
      ["error", "“loop” is only available inside a Loop step's body."],
      ["error", "Unknown name “user”. Expressions start with trigger, steps, org, loop."],
    ]);
    expect(hasErrors(problems)).toBe(true);
  });

  it("offers the variables of upstream steps, the trigger, the loop item and the organization", () => {
    const webhook = node("webhook_1", "webhook", {
      method: "POST",
      require_secret: true,
      sample_body: '{"email":"a@b.c","order":{"total":5}}',
    });
    const g = graph(
      [webhook, valid.loop(), valid.http("http_1"), valid.notify()],
      ["webhook_1>loop_1", "loop_1:body>http_1", "http_1>loop_1", "loop_1:done>notify_1"],
    );
    const inBody = scopeVariables(scopeForNode(g, "http_1")).map((v) => v.path);
    expect(inBody).toEqual(
      expect.arrayContaining([
        "trigger.body.email",
        "trigger.body.order.total",
        "steps.loop_1.output.count",
        "loop.item",
        "org.name",
      ]),
    );
    // The body's own step is not "before" itself through the loop's back edge.
    expect(inBody).not.toContain("steps.http_1.output.status");
    // After the loop, its body's steps are out of reach: the loop's own output sums them up.
    const after = scopeVariables(scopeForNode(g, "notify_1")).map((v) => v.path);
    expect(after).toContain("steps.loop_1.output.count");
    expect(after).not.toContain("steps.http_1.output.status");
    expect(after).not.toContain("loop.item");
  });
});
