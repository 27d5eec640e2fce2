import { MessageSquare, X } from "lucide-react";
import type { WidgetAppearance } from "@/lib/chatbots/widget-appearance";

/**
 * The widget as a visitor will see it, drawn from the form's current values (not saved yet): the
 * open panel with its header, avatar and greeting, and the launcher on its side. A picture of the
 * widget, so it is hidden from assistive technology apart from its label.
 */
export function WidgetPreview({
  appearance,
  greeting,
  avatarSrc,
}: {
  appearance: WidgetAppearance;
  greeting: string;
  avatarSrc: string | null;
}) {
  const { title, color, text_color: text, position, launcher_text: launcher } = appearance;
  const side = position === "left" ? "items-start" : "items-end";
  return (
    <figure
      className="rounded-lg border bg-[repeating-linear-gradient(45deg,var(--color-muted),var(--color-muted)_10px,transparent_10px,transparent_20px)] p-4"
      aria-label={`Preview: ${title}, launcher on the ${position}`}
      data-testid="widget-preview"
    >
      <div className={`flex flex-col gap-3 ${side}`} aria-hidden="true">
        <div className="flex w-full max-w-72 flex-col overflow-hidden rounded-xl bg-white text-[13px] text-slate-900 shadow-lg">
          <div className="flex items-center gap-2 px-3 py-2.5" style={{ background: color, color: text }}>
            {avatarSrc ? (
              // eslint-disable-next-line @next/next/no-img-element -- the app's own small picture
              <img src={avatarSrc} alt="" className="size-7 rounded-full bg-white object-cover" />
            ) : null}
            <span className="flex-1 truncate font-semibold" data-testid="widget-preview-title">
              {title}
            </span>
            <X className="size-4" />
          </div>
          <div className="flex min-h-24 flex-col gap-2 bg-slate-50 p-3">
            {greeting ? (
              <p className="max-w-[85%] self-start rounded-xl rounded-bl-sm border bg-white px-2.5 py-1.5 whitespace-pre-wrap">
                {greeting}
              </p>
            ) : null}
            <p
              className="max-w-[85%] self-end rounded-xl rounded-br-sm px-2.5 py-1.5"
              style={{ background: color, color: text }}
            >
              Do you work on weekends?
            </p>
          </div>
          <div className="flex gap-2 border-t p-2">
            <span className="flex-1 rounded-md border px-2 py-1.5 text-slate-400">Type your message…</span>
            <span className="rounded-md px-3 py-1.5" style={{ background: color, color: text }}>
              Send
            </span>
          </div>
        </div>
        <span
          className="flex h-14 min-w-14 items-center justify-center gap-2 rounded-full px-4 text-[15px] font-semibold shadow-lg"
          style={{ background: color, color: text }}
          data-testid="widget-preview-launcher"
        >
          <MessageSquare className="size-6" />
          {launcher || null}
        </span>
      </div>
    </figure>
  );
}
