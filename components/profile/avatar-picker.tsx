"use client";

import * as React from "react";
import { useRouter } from "next/navigation";
import { ImageUp, Trash2 } from "lucide-react";
import { usePictureUpload } from "@/components/forms/use-picture-upload";
import { UserAvatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { ACCEPTED_AVATAR_TYPES, AVATAR_TOO_LARGE, MAX_AVATAR_BYTES } from "@/lib/profiles/avatar-limits";

/**
 * The profile picture: uploaded to Orgflow (PNG, JPEG or WebP up to 2 MB; the server checks the
 * content) and served by it, so teammates' browsers never fetch a picture from somewhere else.
 * Saved at once, apart from the rest of the profile form.
 */
export function AvatarPicker({ name, src }: { name: string; src: string | null }) {
  const router = useRouter();
  const inputRef = React.useRef<HTMLInputElement>(null);
  const [current, setCurrent] = React.useState(src);
  const { busy, error, setError, send } = usePictureUpload("/profile/avatar", () => router.refresh());

  async function upload(file: File) {
    if (file.size > MAX_AVATAR_BYTES) {
      setError(AVATAR_TOO_LARGE);
      return;
    }
    const form = new FormData();
    form.set("file", file);
    const saved = (await send({ method: "POST", body: form }, "Picture saved.")) as
      { avatarUrl?: string } | undefined;
    if (saved?.avatarUrl) setCurrent(saved.avatarUrl);
  }

  async function remove() {
    if (await send({ method: "DELETE" }, "Picture removed.")) setCurrent(null);
  }

  return (
    <div className="flex items-center gap-4">
      <UserAvatar name={name} src={current} className="size-16 text-lg" />
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap gap-2">
          <Button
            type="button"
            variant="outline"
            size="sm"
            loading={busy}
            onClick={() => inputRef.current?.click()}
          >
            <ImageUp aria-hidden="true" />
            {current ? "Change picture" : "Upload a picture"}
          </Button>
          {current ? (
            <Button type="button" variant="ghost" size="sm" disabled={busy} onClick={() => void remove()}>
              <Trash2 aria-hidden="true" />
              Remove
            </Button>
          ) : null}
        </div>
        <input
          ref={inputRef}
          type="file"
          accept={ACCEPTED_AVATAR_TYPES}
          aria-label="Profile picture"
          className="sr-only"
          tabIndex={-1}
          onChange={(e) => {
            const file = e.currentTarget.files?.[0];
            e.currentTarget.value = "";
            if (file) void upload(file);
          }}
        />
        <p className="text-xs text-muted-foreground">
          PNG, JPEG or WebP, up to 2 MB. Without one, your initials are shown.
        </p>
        {error ? (
          <p role="alert" className="text-sm text-destructive">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
