"use client";

import * as React from "react";
import { ImageUp, Trash2 } from "lucide-react";
import { usePictureUpload } from "@/components/forms/use-picture-upload";
import { Button } from "@/components/ui/button";
import { ColorField } from "@/components/ui/color-field";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { Textarea } from "@/components/ui/textarea";
import { contrastRatio, parseOrigins, type WidgetAppearance } from "@/lib/chatbots/widget-appearance";
import { WidgetPreview } from "./widget-preview";

const HEX = /^#[0-9a-fA-F]{6}$/;
const MAX_AVATAR_BYTES = 512 * 1024;

/**
 * The widget's look in the bot's settings form, with a live preview of the values as they are
 * typed (saved with the form). The avatar is uploaded at once, apart from the form.
 */
export function WidgetAppearanceCard({
  initial,
  greeting,
  avatarPath,
  avatarVersion,
  canEdit,
  fieldError,
}: {
  initial: WidgetAppearance;
  greeting: string;
  /** The console's address of the picture (/o/<slug>/bots/<id>/avatar). */
  avatarPath: string;
  avatarVersion: string | null;
  canEdit: boolean;
  fieldError: (name: string) => string | undefined;
}) {
  const [look, setLook] = React.useState(initial);
  const set =
    (key: keyof WidgetAppearance) => (e: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
      // Read now: the event's target is gone by the time React runs the updater.
      const value = e.currentTarget.value;
      setLook((l) => ({ ...l, [key]: value }));
    };
  const valid = HEX.test(look.color) && HEX.test(look.text_color);
  const shown: WidgetAppearance = {
    ...look,
    color: HEX.test(look.color) ? look.color : initial.color,
    text_color: HEX.test(look.text_color) ? look.text_color : initial.text_color,
    title: look.title.trim() || initial.title,
  };
  const lowContrast = valid && contrastRatio(look.color, look.text_color) < 4.5;
  const [version, setVersion] = React.useState(avatarVersion);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Widget</CardTitle>
        <CardDescription>
          How the chat looks on your website. The preview follows as you type; save the settings to publish
          it.
        </CardDescription>
      </CardHeader>
      <CardContent className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
        <div className="grid content-start gap-4 sm:grid-cols-2">
          <FormField name="widget_title" label="Title" required error={fieldError("widget_title")}>
            <Input value={look.title} onChange={set("title")} maxLength={60} />
          </FormField>
          <FormField
            name="widget_launcher_text"
            label="Launcher text"
            optional
            hint="Beside the chat icon, like “Ask us”. Empty: the icon alone."
            error={fieldError("widget_launcher_text")}
          >
            <Input value={look.launcher_text} onChange={set("launcher_text")} maxLength={30} />
          </FormField>
          <ColorField
            name="widget_color"
            label="Main colour"
            value={look.color}
            onChange={(color) => setLook((l) => ({ ...l, color }))}
            error={fieldError("widget_color")}
          />
          <ColorField
            name="widget_text_color"
            label="Text on the main colour"
            value={look.text_color}
            onChange={(text_color) => setLook((l) => ({ ...l, text_color }))}
            error={fieldError("widget_text_color")}
          />
          {lowContrast ? (
            <p className="text-sm text-amber-700 sm:col-span-2 dark:text-amber-400" role="status">
              These two colours are hard to read together (contrast{" "}
              {contrastRatio(look.color, look.text_color).toFixed(1)}:1; 4.5:1 or more reads well).
            </p>
          ) : null}
          <FormField name="widget_position" label="Launcher position" error={fieldError("widget_position")}>
            <NativeSelect value={look.position} onChange={set("position")}>
              <option value="right">Bottom right</option>
              <option value="left">Bottom left</option>
            </NativeSelect>
          </FormField>
          <AvatarField path={avatarPath} version={version} onChange={setVersion} canEdit={canEdit} />
        </div>
        <WidgetPreview
          appearance={shown}
          greeting={greeting}
          avatarSrc={version ? `${avatarPath}?v=${version}` : null}
        />
      </CardContent>
    </Card>
  );
}

/** Upload or remove the widget's picture (PNG, JPEG or WebP up to 512 KB; checked by the server). */
function AvatarField({
  path,
  version,
  onChange,
  canEdit,
}: {
  path: string;
  version: string | null;
  onChange: (version: string | null) => void;
  canEdit: boolean;
}) {
  const inputRef = React.useRef<HTMLInputElement>(null);
  const { busy, error, setError, send } = usePictureUpload(path);
  async function upload(file: File) {
    if (file.size > MAX_AVATAR_BYTES)
      return setError("The picture is larger than 512 KB. Choose a smaller one.");
    const form = new FormData();
    form.set("file", file);
    const saved = (await send({ method: "POST", body: form }, "Picture saved.")) as
      { version?: string } | undefined;
    if (saved?.version) onChange(saved.version);
  }
  return (
    <div className="flex flex-col gap-2">
      <span className="text-sm font-medium" id="widget-avatar-label">
        Avatar <span className="font-normal text-muted-foreground">(optional)</span>
      </span>
      <div className="flex flex-wrap gap-2" role="group" aria-labelledby="widget-avatar-label">
        <Button
          type="button"
          variant="outline"
          size="sm"
          loading={busy}
          disabled={!canEdit}
          onClick={() => inputRef.current?.click()}
        >
          <ImageUp aria-hidden="true" />
          {version ? "Change picture" : "Upload a picture"}
        </Button>
        {version && canEdit ? (
          <Button
            type="button"
            variant="ghost"
            size="sm"
            disabled={busy}
            onClick={async () => {
              if (await send({ method: "DELETE" }, "Picture removed.")) onChange(null);
            }}
          >
            <Trash2 aria-hidden="true" />
            Remove
          </Button>
        ) : null}
      </div>
      <input
        ref={inputRef}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        className="sr-only"
        tabIndex={-1}
        aria-label="Widget avatar file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          e.currentTarget.value = "";
          if (file) void upload(file);
        }}
      />
      <p className="text-xs text-muted-foreground">PNG, JPEG or WebP, up to 512 KB. Saved at once.</p>
      {error ? (
        <p className="text-sm text-destructive" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/**
 * The allowed origins, checked as they are typed (after the field is first left): each wrong entry
 * is named in the message under the field, as the server names them on save.
 */
export function AllowedOriginsField({ initial, serverError }: { initial: string; serverError?: string }) {
  const [text, setText] = React.useState(initial);
  const [touched, setTouched] = React.useState(false);
  const typed = touched ? parseOrigins(text).errors : [];
  const error = typed.length ? typed.join(" ") : touched && text !== initial ? undefined : serverError;
  return (
    <FormField
      name="allowed_origins"
      label="Allowed websites"
      optional
      error={error}
      hint="The widget works only on the websites listed here; anywhere else visitors read that the chat is not available there. One per line, like https://www.example.com (with the port when it is not the usual one); * alone allows every website."
    >
      <Textarea
        value={text}
        onChange={(e) => {
          setText(e.currentTarget.value);
          if (/[\s,]$/.test(e.currentTarget.value)) setTouched(true);
        }}
        onBlur={() => setTouched(true)}
        rows={3}
        className="font-mono text-[13px]"
        placeholder="https://www.example.com"
      />
    </FormField>
  );
}
