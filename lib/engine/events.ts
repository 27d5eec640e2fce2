/** App events start matching active workflows of the event's own organization only. */
export { emitAppEvent } from "./triggers";
