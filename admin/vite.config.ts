import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin, type UserConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));
/** Where the dev server and preview proxy the API: API_URL (or GONGGUAN_API_URL), else port 4000. */
const api = process.env.API_URL ?? process.env.GONGGUAN_API_URL ?? "http://localhost:4000";
const proxy = {
  "/graphql": { target: api, changeOrigin: true },
  "/export": { target: api, changeOrigin: true },
};

/** `dist/build.json` says how the bundle was built; `npm start` rebuilds anything but a production build. */
const buildStamp = (): Plugin => ({
  name: "gongguan-build-stamp",
  apply: "build",
  generateBundle() {
    this.emitFile({ type: "asset", fileName: "build.json", source: `${JSON.stringify({ mode: process.env.NODE_ENV })}\n` });
  },
});

const config: UserConfig = {
  root,
  base: "/",
  // admin/package.json only sets "type": "module"; keep Vite's cache in the repo's node_modules.
  cacheDir: fileURLToPath(new URL("../node_modules/.vite/admin", import.meta.url)),
  publicDir: "public",
  plugins: [react(), buildStamp()],
  server: {
    port: 5173,
    proxy,
    // The ID-number rule is shared with the API (admin/src/lib/national-id.ts); nothing else outside admin/.
    fs: { allow: [root, fileURLToPath(new URL("../api/members/national-id.ts", import.meta.url))] },
  },
  preview: { port: 4173, proxy },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1500,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // Read and written only on the import pages (dynamic import): its own lazy chunk.
            { name: "exceljs", test: /node_modules[\\/]exceljs[\\/]/, priority: 5 },
            { name: "charts", test: /node_modules[\\/](chart\.js|react-chartjs-2|@kurkle)[\\/]/, priority: 5 },
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 4 },
            { name: "antd-icons", test: /node_modules[\\/]@ant-design[\\/]icons/, priority: 3 },
            { name: "antd", test: /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@ctrl|dayjs)[\\/]/, priority: 2 },
            { name: "refine", test: /node_modules[\\/](@refinedev|@tanstack|@urql|graphql|graphql-tag|@0no-co|wonka)[\\/]/, priority: 2 },
            { name: "vendor", test: /node_modules[\\/]/, priority: 1 },
          ],
        },
      },
    },
  },
};

/**
 * Vite config for the admin console; works from the repo root via `--config admin/vite.config.ts`.
 * A build is a production build whatever NODE_ENV the caller runs under (jest sets `test`): Vite
 * would otherwise bundle React and antd in development mode.
 */
export default defineConfig(({ command }) => {
  if (command === "build") process.env.NODE_ENV = "production";
  return config;
});
