import type { ActionResult, FormAction } from "@/lib/actions/action";

/** Calls a form server action from code (autosave, the builder's menus) with these fields. */
export function callAction<T>(
  action: FormAction<T>,
  fields: Record<string, string>,
): Promise<ActionResult<T>> {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) formData.set(name, value);
  return action(null, formData);
}

/** Offers `text` as a file download named `fileName`. */
export function downloadText(fileName: string, text: string, type = "application/json"): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
