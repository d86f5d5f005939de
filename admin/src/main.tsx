import "@ant-design/v5-patch-for-react-19";
import "@refinedev/antd/dist/reset.css";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { I18nextProvider } from "react-i18next";
import { App } from "./App";
import { preloadPageAt } from "./config/resources";
import { i18n } from "./i18n";

/**
 * A page's chunk could not be fetched: most likely a new release replaced the hashed files this
 * tab's index.html names. Load the current index.html once (it is never cached); if that does not
 * help within a minute, let the error reach the page's error boundary instead of reloading in a loop.
 * While the reload is under way, further failures (the chunk's own import after its preloads) are
 * held back too, so the page shows its spinner rather than an error until the new one replaces it.
 */
const RELOADED_KEY = "gongguan.reloadedForChunk";
let reloading = false;
const reloadedAt = (): number => {
  try {
    return Number(sessionStorage.getItem(RELOADED_KEY) ?? 0);
  } catch {
    return Date.now(); // no sessionStorage: nothing would guard the loop, so never reload
  }
};
window.addEventListener("vite:preloadError", (event) => {
  if (!reloading) {
    if (Date.now() - reloadedAt() < 60_000) return;
    sessionStorage.setItem(RELOADED_KEY, String(Date.now()));
    reloading = true;
    window.location.reload();
  }
  event.preventDefault();
});

preloadPageAt(window.location.pathname);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <App />
    </I18nextProvider>
  </StrictMode>,
);
