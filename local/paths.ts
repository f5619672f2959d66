/** Path helpers from Deno's Node compatibility layer (no JSR here for @std/path). */
export { join } from "node:path";
export { fileURLToPath as fromFileUrl } from "node:url";
