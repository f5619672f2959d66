/** The AI configuration routes (`/ai`, `/ai/key`, `/ai/usage`). */
import type { FunctionRoute } from "../_shared/serve.ts";

export const aiRoutes: FunctionRoute[] = [];
