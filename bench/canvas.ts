/**
 * The workflow builder's canvas with a large workflow: 200 steps and 250 connections, opened in
 * the browser (Playwright + the system Chromium, launched as playwright.config.ts launches it)
 * against the production build on a stack of its own (bench/app-server.ts). Prints, over several
 * loads: time to first byte, time until every step is drawn and measured ("ready"), time until the
 * main thread is next idle ("interactive", target ≤ 1.5 s), how long a click on a step takes to
 * show its settings; then the frame times while panning the canvas.
 *
 *   npm run build && npm run bench:canvas
 *   DATABASE_URL=postgres://… npm run bench:canvas     (the scratch database on that server)
 */
import { randomUUID } from "node:crypto";
import postgres from "postgres";
import { chromium, type LaunchOptions, type Page } from "@playwright/test";
import { createClient } from "@supabase/supabase-js";
import playwrightConfig from "@/playwright.config";
import { withUser } from "@/lib/db/client";
import { realtimeOptions } from "@/lib/supabase/options";
import {
  edgeId,
  type WorkflowDefinition,
  type WorkflowEdge,
  type WorkflowNode,
} from "@/lib/workflows/definition";
import { validateWorkflow } from "@/lib/workflows/validate";
import { createWorkflowTx } from "@/lib/workflows/workflows";
import { load, startBenchApp, watchSteal } from "./app-server";
import { fmt, summarize } from "./stats";

const NODES = Number(process.env.BENCH_NODES ?? 200);
const EDGES = Number(process.env.BENCH_EDGES ?? 250);
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const PAN_MOVES = 120;
const TARGET_INTERACTIVE_MS = 1500;
const ROWS = 10;
const PASSWORD = "bench password 1234";

/** A deterministic pseudo-random sequence, so every run draws the same graph. */
function random(seed: number) {
  let s = seed;
  return () => (s = (s * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
}

const stepTypes: [string, Record<string, unknown>][] = [
  [
    "http_request",
    {
      method: "POST",
      url: "https://api.example.com/orders/{{ trigger.body.id }}",
      headers: [{ key: "Content-Type", value: "application/json" }],
      body: '{"email": "{{ trigger.body.email }}"}',
      timeout_seconds: 30,
      fail_on_error_status: true,
    },
  ],
  ["set", { fields: [{ name: "total", value: "{{ trigger.body.total }}" }] }],
  [
    "notify",
    {
      audience: "owners",
      title: "Order {{ trigger.body.id }}",
      message: "From {{ trigger.body.email }}",
      link: "",
    },
  ],
  [
    "send_email",
    {
      to: "{{ trigger.body.email }}",
      subject: "Thanks",
      body: "Hello {{ trigger.body.name }}",
      reply_to: "",
    },
  ],
  ["delay", { amount: 5, unit: "minutes" }],
];

/**
 * A trigger, then columns of ROWS steps; every step is fed by one in the column before, and the
 * remaining connections join random steps of neighbouring columns (so the graph stays acyclic).
 */
export function benchDefinition(nodeCount: number, edgeCount: number): WorkflowDefinition {
  const rand = random(42);
  const nodes: WorkflowNode[] = [
    {
      id: "webhook_1",
      type: "webhook",
      position: { x: 0, y: ((ROWS - 1) * 140) / 2 },
      data: {
        config: {
          method: "POST",
          require_secret: true,
          sample_body: '{"id":"A-1","email":"a@b.c","total":5,"name":"Ana"}',
        },
      },
    },
  ];
  const columns: string[][] = [["webhook_1"]];
  for (let i = 1; i < nodeCount; i++) {
    const column = Math.floor((i - 1) / ROWS) + 1;
    const [type, config] = stepTypes[i % stepTypes.length]!;
    const id = `${type}_${i}`;
    nodes.push({
      id,
      type,
      position: { x: column * 320, y: ((i - 1) % ROWS) * 140 },
      data: { config: structuredClone(config) },
    });
    (columns[column] ??= []).push(id);
  }
  const edges = new Map<string, WorkflowEdge>();
  const link = (source: string, target: string) => {
    const e = { source, sourceHandle: "out", target, targetHandle: "in" };
    edges.set(edgeId(e), { id: edgeId(e), ...e });
  };
  const pick = (list: string[]) => list[Math.floor(rand() * list.length)]!;
  for (let c = 1; c < columns.length; c++) for (const id of columns[c]!) link(pick(columns[c - 1]!), id);
  while (edges.size < edgeCount) {
    const c = 1 + Math.floor(rand() * (columns.length - 2));
    link(pick(columns[c]!), pick(columns[c + 1]!));
  }
  return { nodes, edges: [...edges.values()], viewport: { x: 0, y: 0, zoom: 1 } };
}

/*
 * Scripts run inside the page are given as text: tsx names the functions it compiles with a helper
 * (`__name`) that does not exist in the browser.
 */

/** Records, inside the page, when the canvas is drawn and when the main thread is next idle. */
function installProbes(page: Page, nodes: number) {
  return page.addInitScript({
    content: `(() => {
      const check = () => {
        if (window.__ready !== undefined) return;
        const root = document.querySelector("[data-workflow-builder][data-ready='true']");
        if (!root || document.querySelectorAll(".react-flow__node").length < ${nodes}) return;
        window.__ready = performance.now();
        requestIdleCallback(() => (window.__idle = performance.now()), { timeout: 10000 });
      };
      new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ["data-ready"] });
    })();`,
  });
}

/** Starts recording the time between animation frames. */
const RECORD_FRAMES = `(() => {
  window.__frames = [];
  window.__recording = true;
  let last = performance.now();
  const tick = (now) => {
    window.__frames.push(now - last);
    last = now;
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})()`;

async function signIn(page: Page, appUrl: string, email: string) {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await page.waitForURL((url) => url.pathname !== "/sign-in");
}

async function main(): Promise<number> {
  const app = await startBenchApp("orgflow_bench_canvas");
  const sql = postgres(app.stack.databaseUrl, { max: 2, onnotice: () => {} });
  const browser = await chromium.launch(playwrightConfig.projects?.[0]?.use?.launchOptions as LaunchOptions);
  try {
    // A user (with their personal organization) and the workflow, through the app's own code.
    const email = `bench-canvas-${randomUUID().slice(0, 8)}@example.test`;
    const admin = createClient(app.stack.apiUrl, app.stack.secretKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      ...realtimeOptions,
    });
    const { data, error } = await admin.auth.admin.createUser({
      email,
      password: PASSWORD,
      email_confirm: true,
    });
    if (error || !data.user) throw new Error(`createUser: ${error?.message}`);
    const [org] = await sql<{ id: string; slug: string }[]>`
      select o.id, o.slug from organizations o where o.created_by = ${data.user.id}`;
    const definition = benchDefinition(NODES, EDGES);
    const problems = validateWorkflow(definition);
    if (problems.length > 0) throw new Error(`the bench workflow is not valid: ${problems[0]!.message}`);
    // A yardstick for how fast this machine is right now: the same graph checked in Node, 20 times.
    const yardstick: number[] = [];
    for (let i = 0; i < 20; i++) {
      const copy = structuredClone(definition);
      const t = performance.now();
      validateWorkflow(copy);
      yardstick.push(performance.now() - t);
    }
    const { id } = await withUser(
      { sub: data.user.id, role: "authenticated" },
      (tx) => createWorkflowTx(tx, org!.id, { name: "Canvas benchmark", definition }),
      sql,
    );
    const url = `${app.appUrl}/o/${org!.slug}/workflows/${id}`;
    console.log(
      `workflow: ${definition.nodes.length} steps, ${definition.edges.length} connections ` +
        `(${(JSON.stringify(definition).length / 1024).toFixed(0)} KB), valid; validating it in Node takes ` +
        `${fmt(summarize(yardstick).p50)} (p50 of 20, a yardstick of this machine's speed now)`,
    );

    const context = await browser.newContext({ viewport: { width: 1600, height: 900 } });
    const page = await context.newPage();
    await signIn(page, app.appUrl, email);
    await installProbes(page, definition.nodes.length);

    const samples: { ttfb: number[]; ready: number[]; interactive: number[]; click: number[] } = {
      ttfb: [],
      ready: [],
      interactive: [],
      click: [],
    };
    let steal = watchSteal();
    for (let i = 0; i <= LOADS; i++) {
      if (i === 1) steal = watchSteal(); // from the first measured load
      await page.goto(url);
      await page.waitForFunction(
        () => (window as unknown as { __idle?: number }).__idle !== undefined,
        null,
        {
          timeout: 60_000,
        },
      );
      const t = await page.evaluate(() => ({
        ttfb: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).responseStart,
        ready: (window as unknown as { __ready: number }).__ready,
        idle: (window as unknown as { __idle: number }).__idle,
        edges: document.querySelectorAll(".react-flow__edge").length,
      }));
      if (t.edges !== definition.edges.length)
        throw new Error(`expected ${definition.edges.length} edges drawn, saw ${t.edges}`);
      // Click a step in the middle; its settings show in the side panel.
      const target = definition.nodes[Math.floor(definition.nodes.length / 2)]!;
      const clicked = performance.now();
      await page.locator(`.react-flow__node[data-id="${target.id}"] p`).first().click();
      await page.getByRole("region", { name: "Step settings" }).getByText(target.id).first().waitFor();
      const click = performance.now() - clicked;
      if (i === 0) continue; // the first load warms the server and the browser's caches
      samples.ttfb.push(t.ttfb);
      samples.ready.push(t.ready);
      samples.interactive.push(t.idle);
      samples.click.push(click);
    }

    const loadsSteal = steal();
    // Panning: drag the empty pane for ~2 s while the page records every frame.
    await page.goto(url);
    await page.waitForFunction(() => (window as unknown as { __idle?: number }).__idle !== undefined);
    const pane = (await page.locator(".react-flow__pane").boundingBox())!;
    await page.evaluate(RECORD_FRAMES);
    const start = { x: pane.x + 12, y: pane.y + 12 };
    await page.mouse.move(start.x, start.y);
    const panSteal = watchSteal();
    await page.mouse.down();
    for (let i = 1; i <= PAN_MOVES; i++) {
      await page.mouse.move(start.x + 300 * Math.sin((i / PAN_MOVES) * Math.PI * 2) + i, start.y + i * 2);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    const panStolen = panSteal();
    const frames = (
      await page.evaluate(() => {
        const w = window as unknown as { __frames: number[]; __recording: boolean };
        w.__recording = false;
        return w.__frames;
      })
    ).slice(1);
    const moved = await page.evaluate(
      () => (document.querySelector(".react-flow__viewport") as HTMLElement | null)?.style.transform ?? "",
    );
    await context.close();

    const row = (label: string, values: number[]) => {
      const s = summarize(values);
      console.log(`    ${label.padEnd(28)} p50 ${fmt(s.p50)}  p95 ${fmt(s.p95)}  max ${fmt(s.max)}`);
      return s;
    };
    console.log("");
    console.log(
      `(a) opening the builder, ${LOADS} loads after a warm-up (ms since navigation start; ${load()}, ${loadsSteal})`,
    );
    row("first byte", samples.ttfb);
    row("all steps drawn (ready)", samples.ready);
    const interactive = row("main thread idle (interactive)", samples.interactive);
    row("click a step → settings shown", samples.click);
    console.log(
      `    target: interactive within ${TARGET_INTERACTIVE_MS} ms: ${interactive.p50 <= TARGET_INTERACTIVE_MS ? "met" : "MISSED"} at p50, ` +
        `${interactive.max <= TARGET_INTERACTIVE_MS ? "met" : "missed"} at worst`,
    );
    const f = summarize(frames);
    const slow = frames.filter((ms) => ms > 1000 / 60 + 2).length;
    console.log(
      `(b) panning the canvas (${PAN_MOVES} pointer moves over ~${((PAN_MOVES * 16) / 1000).toFixed(1)} s; viewport now ${moved})`,
    );
    console.log(
      `    frame time                   p50 ${fmt(f.p50)}  p95 ${fmt(f.p95)}  max ${fmt(f.max)}  (${f.n} frames)`,
    );
    console.log(
      `    ${(1000 / (frames.reduce((a, b) => a + b, 0) / frames.length)).toFixed(0)} fps on average, ` +
        `${slow} of ${frames.length} frames over 18 ms (headless Chromium, software rendering; ${panStolen})`,
    );
    return 0;
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    return 1;
  } finally {
    await browser.close();
    await sql.end();
    await app.cleanup();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
