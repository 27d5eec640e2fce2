import { offerSlots, type BookingConfig } from "../../booking";
import type { StepExecutor } from "./step";

/** Offers the GoHighLevel calendar's free times (../../booking.ts); the pick comes in ../respond.ts. */
export const bookAppointment: StepExecutor = async (turn, node, config) =>
  turn.afterBooking(node, await offerSlots(turn.booking(), node.id, config as BookingConfig));
