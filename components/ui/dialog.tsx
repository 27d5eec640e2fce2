"use client";

import * as React from "react";
import { X } from "lucide-react";
import { cn } from "@/lib/utils/cn";

const FOCUSABLE =
  'a[href], button, input:not([type="hidden"]), select, textarea, [tabindex]:not([tabindex="-1"]), summary';

export type DialogProps = {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: React.ReactNode;
  description?: React.ReactNode;
  children?: React.ReactNode;
  /** Where focus goes when the dialog closes (e.g. the menu button that opened it). */
  returnFocusRef?: React.RefObject<HTMLElement | null>;
  className?: string;
};

/**
 * A modal dialog on the native <dialog> element opened with showModal(): the browser makes the
 * rest of the page inert, keeps Tab inside, closes on Escape and puts it in the top layer, so no
 * focus-trap code is needed beyond wrapping Tab around at its ends. Clicking the backdrop closes it too. Its content is rendered only while
 * open, so forms inside start fresh every time.
 */
export function Dialog({
  open,
  onOpenChange,
  title,
  description,
  children,
  returnFocusRef,
  className,
}: DialogProps) {
  const ref = React.useRef<HTMLDialogElement>(null);
  const titleId = React.useId();
  const descriptionId = React.useId();

  React.useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  function handleClose() {
    onOpenChange(false);
    const target = returnFocusRef?.current;
    // After the browser's own focus restoration, which may pick an element that no longer exists.
    if (target) requestAnimationFrame(() => target.focus());
  }

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      aria-describedby={description ? descriptionId : undefined}
      onClose={handleClose}
      onKeyDown={(event) => {
        // The browser keeps focus out of the inert page, but Tab past the last control would leave
        // for the browser's own toolbar: wrap around inside the dialog instead.
        if (event.key !== "Tab") return;
        const focusable = [...event.currentTarget.querySelectorAll<HTMLElement>(FOCUSABLE)].filter(
          (el) => !el.hasAttribute("disabled") && el.getClientRects().length > 0,
        );
        const first = focusable[0];
        const last = focusable[focusable.length - 1];
        if (!first || !last) return;
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first.focus();
        }
      }}
      onClick={(event) => {
        // The dialog box fills the element; a click on the element itself is a click on the backdrop.
        if (event.target === event.currentTarget) ref.current?.close();
      }}
      className={cn(
        "m-auto max-h-[calc(100dvh-2rem)] w-[calc(100%-2rem)] max-w-md overflow-y-auto rounded-xl border bg-background p-0 text-foreground shadow-xl backdrop:bg-black/50 backdrop:backdrop-blur-[2px] open:animate-zoom-in",
        className,
      )}
    >
      {open ? (
        <div className="relative flex flex-col gap-5 p-5 sm:p-6">
          <div className="flex min-w-0 flex-col gap-1.5 pr-8">
            <h2 id={titleId} className="text-lg leading-tight font-semibold tracking-tight">
              {title}
            </h2>
            {description ? (
              <div id={descriptionId} className="text-sm text-pretty text-muted-foreground">
                {description}
              </div>
            ) : null}
          </div>
          {children}
          {/* Last in the DOM, so opening focuses the first field (or Cancel), not this. */}
          <button
            type="button"
            onClick={() => ref.current?.close()}
            aria-label="Close"
            className="absolute top-3 right-3 flex size-8 items-center justify-center rounded-md text-muted-foreground outline-none hover:bg-accent hover:text-accent-foreground focus-visible:ring-[3px] focus-visible:ring-ring/50"
          >
            <X className="size-4" aria-hidden="true" />
          </button>
        </div>
      ) : null}
    </dialog>
  );
}

/** The buttons at the bottom of a dialog: stacked on phones (main action on top), in a row after. */
export function DialogFooter({ className, ...props }: React.ComponentProps<"div">) {
  return (
    <div
      data-slot="dialog-footer"
      className={cn("flex flex-col-reverse gap-2 sm:flex-row sm:justify-end", className)}
      {...props}
    />
  );
}
