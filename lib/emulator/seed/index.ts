// Placeholder until the data-plane engineer lands the demo seed (they own and replace this file).
import type { EmulatorContext } from "../contracts";

/** Seeds demo APIs and functions (idempotent). */
export async function seedDemo(_ctx: EmulatorContext): Promise<void> {
  // TODO(seed owner): create the demo Lambda functions, REST APIs, binary media types and stages.
}
