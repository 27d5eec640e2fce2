import { startLlmServer } from "./llm-server";

/**
 * The LLM test server as a process of its own, for the e2e run with an AI provider
 * (playwright.llm.config.ts): `tsx tests/support/llm-server-main.ts <port> [ms between words]`.
 * Streamed answers come a word at a time, so a browser sees them being written.
 */
const port = Number(process.argv[2]);
const delay = Number(process.argv[3] ?? 80);
if (!Number.isInteger(port) || port <= 0) throw new Error("Usage: llm-server-main.ts <port> [delay ms]");
const llm = await startLlmServer({ port });
llm.streamDelay(delay);
console.log(`[llm-test-server] ${llm.url}/v1 (streams a word every ${delay} ms)`);
const stop = () => void llm.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
