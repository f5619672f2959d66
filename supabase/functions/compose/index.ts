// The file Supabase deploys: serve the handler.
import { handler } from "./handler.ts";

Deno.serve(handler);
