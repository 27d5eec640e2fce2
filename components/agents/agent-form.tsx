"use client";

import { useRouter } from "next/navigation";
import { FormAlert } from "@/components/forms/form-alert";
import { useActionForm } from "@/components/forms/use-action-form";
import { useToastAction } from "@/components/forms/use-toast-action";
import { Card, CardContent, CardFooter, CardHeader, CardTitle } from "@/components/ui/card";
import { FormField } from "@/components/ui/form-field";
import { Input } from "@/components/ui/input";
import { NativeSelect } from "@/components/ui/select";
import { SubmitButton } from "@/components/ui/submit-button";
import { Textarea } from "@/components/ui/textarea";
import { createAgentAction, updateAgentAction } from "@/lib/agents/actions";
import { AGENT_PROVIDERS, type Agent } from "@/lib/agents/schemas";
import { AgentToolsFieldset, type ToolChoices } from "./agent-tools-fieldset";

const MODELS = ["gpt-4o-mini", "gpt-4o", "gpt-4.1-mini", "gpt-4.1", "claude-haiku-4-5", "gemini-2.5-flash"];

/** Creating an agent, or editing one (each save of what it does is a new version). */
export function AgentForm({
  slug,
  agent,
  choices,
  disabled = false,
}: {
  slug: string;
  agent?: Agent;
  choices: ToolChoices;
  disabled?: boolean;
}) {
  const router = useRouter();
  const create = useActionForm(
    useToastAction(createAgentAction, { onSuccess: (made) => router.push(`/o/${slug}/agents/${made.id}`) }),
  );
  const update = useActionForm(useToastAction(updateAgentAction));
  const form = agent ? update : create;
  const failed = form.result && !form.result.ok;
  const value = (name: string, saved: string) => (failed ? form.value(name) : saved);
  return (
    <Card>
      <CardHeader>
        <CardTitle className="text-base">
          {agent ? `Settings (version ${agent.version})` : "New agent"}
        </CardTitle>
      </CardHeader>
      <form id={form.formId} action={form.formAction} noValidate>
        <input type="hidden" name="organization" value={slug} />
        {agent ? <input type="hidden" name="id" value={agent.id} /> : null}
        <fieldset disabled={disabled} className="contents">
          <CardContent className="flex flex-col gap-5">
            <FormAlert result={form.result} />
            <FormField name="name" label="Name" error={form.fieldError("name")} required>
              <Input
                defaultValue={value("name", agent?.name ?? "")}
                maxLength={200}
                autoComplete="off"
                required
              />
            </FormField>
            <FormField name="description" label="Description" optional error={form.fieldError("description")}>
              <Input defaultValue={value("description", agent?.description ?? "")} maxLength={1000} />
            </FormField>
            <FormField
              name="instructions"
              label="Instructions"
              hint="What the agent is for and how it answers: the system prompt of every run."
              error={form.fieldError("instructions")}
              required
            >
              <Textarea
                rows={6}
                defaultValue={value("instructions", agent?.instructions ?? "")}
                maxLength={20000}
              />
            </FormField>
            <ModelFields agent={agent} value={value} fieldError={form.fieldError} />
            <FormField
              name="output_schema"
              label="Answer schema (JSON schema)"
              optional
              hint='Leave empty for a text answer. With a schema ({ "type": "object", "properties": … }), the answer is JSON checked for type, required, properties, items and enum.'
              error={form.fieldError("output_schema")}
            >
              <Textarea
                rows={4}
                className="font-mono text-xs"
                defaultValue={value(
                  "output_schema",
                  agent?.output_schema ? JSON.stringify(agent.output_schema, null, 2) : "",
                )}
                maxLength={20000}
              />
            </FormField>
            <AgentToolsFieldset
              key={agent?.version ?? "new"}
              initial={agent?.tools ?? []}
              choices={choices}
              error={form.fieldError("tools")}
            />
          </CardContent>
          <CardFooter className="justify-end">
            <SubmitButton pendingLabel="Saving…">{agent ? "Save" : "Create agent"}</SubmitButton>
          </CardFooter>
        </fieldset>
      </form>
    </Card>
  );
}

/** Provider, model and temperature, in one row from tablet width up. */
function ModelFields({
  agent,
  value,
  fieldError,
}: {
  agent?: Agent;
  value: (name: string, saved: string) => string;
  fieldError: (name: string) => string | undefined;
}) {
  const form = { fieldError };
  return (
    <>
      <div className="grid gap-5 sm:grid-cols-3">
        <FormField name="provider" label="Provider" error={form.fieldError("provider")}>
          <NativeSelect defaultValue={value("provider", agent?.provider ?? "")}>
            <option value="">The server&apos;s provider</option>
            {AGENT_PROVIDERS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </NativeSelect>
        </FormField>
        <FormField
          name="model"
          label="Model"
          optional
          hint="Empty: the provider's default. The server's LLM_MODEL wins when set."
          error={form.fieldError("model")}
        >
          <Input
            list="agent-models"
            defaultValue={value("model", agent?.model ?? "gpt-4o-mini")}
            maxLength={200}
          />
        </FormField>
        <FormField name="temperature" label="Temperature" error={form.fieldError("temperature")}>
          <Input
            type="number"
            inputMode="decimal"
            min={0}
            max={2}
            step={0.1}
            defaultValue={value("temperature", String(agent?.temperature ?? 0.2))}
          />
        </FormField>
      </div>
      <datalist id="agent-models">
        {MODELS.map((m) => (
          <option key={m} value={m} />
        ))}
      </datalist>
    </>
  );
}
