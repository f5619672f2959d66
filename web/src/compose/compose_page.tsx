/** Compose: write a document of a kind, or browse the public gallery. */
import { navigate, useRoute } from "../router.ts";
import { Gallery } from "./gallery.tsx";
import { SavedList } from "./saved.tsx";
import { Writer } from "./writer.tsx";

export function ComposePage() {
  const route = useRoute();
  const tab = route.path.startsWith("/compose/gallery")
    ? "gallery"
    : route.path.startsWith("/compose/saved")
    ? "saved"
    : "write";
  return (
    <>
      <div class="page-head">
        <h1>Compose</h1>
        <nav class="tabs" aria-label="Compose">
          {[
            ["write", "/compose", "Write"],
            ["gallery", "/compose/gallery", "Gallery"],
            ["saved", "/compose/saved", "Saved"],
          ].map((
            [id, href, label],
          ) => (
            <a
              key={id}
              href={href}
              class={tab === id ? "tab selected" : "tab"}
              aria-current={tab === id ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate(href);
              }}
            >
              {label}
            </a>
          ))}
        </nav>
      </div>
      {tab === "gallery" ? <Gallery /> : tab === "saved" ? <SavedList /> : <Writer />}
    </>
  );
}
