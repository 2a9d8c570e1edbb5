/** The one state every form action on the API page returns (conventions.md form-state contract). */
export interface ActionState {
  /** null before the first submit. */
  ok: boolean | null;
  message: string;
  fieldErrors?: Record<string, string[]>;
  /** The submitted value, returned so the input keeps it after React resets the form (toolchain G10). */
  value?: string;
  /** Bumped on every result so a client can tell two equal messages apart. */
  at?: number;
}

export const initialActionState: ActionState = { ok: null, message: "" };
