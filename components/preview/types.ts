/** A stage as the preview form knows it: what its deployment serves. */
export interface PreviewStage {
  stageName: string;
  routes: { path: string; methods: string[] }[];
  binaryMediaTypes: string[];
  /** Why the stage's deployed configuration could not be read, if it could not. */
  error?: string;
}

/** A client whose Accept the preview can send ("" = no Accept header at all). */
export interface PreviewPreset {
  id: string;
  label: string;
  accept: string;
}

/** The preview's state that lives in the page's URL, so a verdict can be shared. */
export interface PreviewUrlState {
  stage?: string;
  resource?: string;
  method?: string;
  client?: string;
  /** The Accept typed by hand (client=custom only). */
  accept?: string;
}

/** The preset the preview starts with: a Chrome tab, the client most often broken. */
export const DEFAULT_PRESET_ID = "chrome-tab";
/** "No Accept header" as a client: API Gateway then matches no binary media type, not even `*∕*`. */
export const NO_ACCEPT_PRESET: PreviewPreset = { id: "no-accept", label: "No Accept header", accept: "" };
