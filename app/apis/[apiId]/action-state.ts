/** The one state every form action on the API page returns (docs/conventions.md form-state contract). */
export interface ActionState {
  /** null before the first submit, and while a confirmation is awaited (see `confirm`). */
  ok: boolean | null;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** The submitted value, returned so the input keeps it after React resets the form (docs/development.md G10). */
  value?: string;
  /** Bumped on every result so a client can tell two equal messages apart. */
  at?: number;
  /** Nothing was changed: the question to ask before sending the same request again with confirm=1. */
  confirm?: string;
  /** After a change: the opposite change that undoes it (offered as "Undo"). */
  undo?: { op: "add" | "remove"; mediaType: string };
  /** After a redeploy: the deployment the stage served before, for "Roll back". */
  previousDeploymentId?: string;
}

export const initialActionState: ActionState = { ok: null, message: "" };
