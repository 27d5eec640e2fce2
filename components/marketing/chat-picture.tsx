import { Bot, SendHorizontal } from "lucide-react";
import { appointmentConversation } from "@/lib/marketing/showcase";
import { cn } from "@/lib/utils/cn";

/**
 * The website chat widget in the middle of a conversation that follows the "Book an appointment
 * request" flow template, drawn as the widget draws it (its light panel and the default colour).
 * Static HTML: nothing to load, nothing moves.
 */
export function ChatPicture({ business = "Northside Roofing" }: { business?: string }) {
  const { lines, goal } = appointmentConversation();
  return (
    <figure data-picture="chatbot" className="mx-auto flex w-full max-w-sm flex-col gap-3">
      <div
        className="flex flex-col overflow-hidden rounded-2xl border border-slate-200 bg-white text-[13.5px] text-slate-900 shadow-xl"
        aria-hidden="true"
      >
        <div className="flex items-center gap-2.5 bg-[#4f46e5] px-3.5 py-3 text-white">
          <span className="flex size-8 items-center justify-center rounded-full bg-white/20">
            <Bot className="size-4.5" />
          </span>
          <span className="flex flex-col leading-tight">
            <span className="font-semibold">{business}</span>
            <span className="text-xs text-white/80">Replies instantly</span>
          </span>
        </div>
        <ol className="flex flex-col gap-2 bg-slate-50 p-3">
          {lines.map((line, i) => (
            <li
              key={i}
              className={cn("flex flex-col gap-1.5", line.from === "visitor" ? "items-end" : "items-start")}
            >
              <span
                className={cn(
                  "max-w-[85%] rounded-2xl px-3 py-1.5",
                  line.from === "visitor"
                    ? "rounded-br-sm bg-[#4f46e5] text-white"
                    : "rounded-bl-sm border border-slate-200 bg-white",
                )}
              >
                {line.text}
              </span>
              {line.choices ? (
                <span className="flex flex-wrap gap-1">
                  {line.choices.map((choice) => (
                    <span
                      key={choice}
                      className="rounded-full border border-[#4f46e5] bg-white px-2.5 py-0.5 text-xs text-[#4f46e5]"
                    >
                      {choice}
                    </span>
                  ))}
                </span>
              ) : null}
            </li>
          ))}
        </ol>
        <div className="flex items-center gap-2 border-t border-slate-200 bg-white p-2.5">
          <span className="flex-1 rounded-lg border border-slate-300 px-2.5 py-2 text-slate-400">
            Type your message…
          </span>
          <span className="flex size-9 items-center justify-center rounded-lg bg-[#4f46e5] text-white">
            <SendHorizontal className="size-4" />
          </span>
        </div>
      </div>
      <figcaption className="text-center text-xs text-muted-foreground">
        Goal reached: <span className="font-medium text-foreground">{goal}</span>. The visitor is now a
        contact tagged <span className="font-mono">appointment-request</span>, and your workflows know.
      </figcaption>
    </figure>
  );
}
