export {
  LLM_PROVIDERS,
  LlmConfigError,
  llmConfig,
  llmConfigured,
  modelIdFor,
  type LlmConfig,
  type LlmProvider,
} from "./config";
export {
  runLlmAgent,
  type LlmAgentEvent,
  type LlmAgentRequest,
  type LlmAgentResult,
  type LlmTool,
  type LlmToolCall,
} from "./agent";
export { costUsd } from "./cost";
export {
  generateLlmObject,
  generateLlmText,
  LlmError,
  streamLlmText,
  type LlmContentPart,
  type LlmMessage,
  type LlmRequest,
  type LlmTextStream,
  type LlmUsage,
} from "./generate";
export { jsonTextIn } from "./json-text";
export { recordLlmUsage } from "./usage";
