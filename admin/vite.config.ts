import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import type { PreRenderedChunk } from "rolldown";
import { defineConfig, type Plugin, type UserConfig } from "vite";
import { compression } from "vite-plugin-compression2";

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

const ANTD = /node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+|@ctrl|dayjs)[\\/]/;
const REFINE = /node_modules[\\/](@refinedev|@tanstack|@urql|graphql|graphql-tag|@0no-co|wonka)[\\/]/;

/**
 * `assets/<name>-<hash>.js` as Vite names them, with readable names where Rolldown's would not be:
 * a page's chunk after its folder and file (`members-list`), vendor code split by the pages using
 * it as `vendor-pages` (not the list of those pages).
 */
const chunkFileName = (chunk: PreRenderedChunk): string => {
  const page = chunk.facadeModuleId?.match(/[\\/]src[\\/]pages[\\/]([^\\/]+)[\\/]([^\\/.]+)\.tsx?$/);
  if (page) return `assets/${page[2] === "index" ? page[1] : `${page[1]}-${page[2]}`}-[hash].js`;
  if (chunk.name.startsWith("vendor-pages~")) return "assets/vendor-pages-[hash].js";
  return "assets/[name]-[hash].js";
};

const config: UserConfig = {
  root,
  base: "/",
  // admin/package.json only sets "type": "module"; keep Vite's cache in the repo's node_modules.
  cacheDir: fileURLToPath(new URL("../node_modules/.vite/admin", import.meta.url)),
  publicDir: "public",
  plugins: [
    react(),
    buildStamp(),
    // A brotli (.br) and a gzip (.gz) copy of every text file worth compressing, made once at build
    // time at the best ratio, so the server only picks one (api/server.ts, express-static-gzip).
    compression({
      algorithms: ["brotliCompress", "gzip"],
      include: /\.(js|mjs|css|html|svg|json)$/,
      exclude: /build\.json$/,
      threshold: 512, // index.html (under 1 kB since the login page joined the first chunk) too
      logLevel: "silent",
    }),
  ],
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
      treeshake: {
        // @refinedev/antd and @refinedev/core import these CommonJS packages at the top of their one-file
        // bundles for MarkdownField and the CSV useImport/useExport, none of which the console uses.
        // CommonJS cannot be tree-shaken, so ~250 kB (markdown parser, papaparse) would ride along on
        // every first visit; they have no side effects on import, and are dropped when unused.
        moduleSideEffects: [{ test: /node_modules[\\/](react-markdown|remark-gfm|papaparse)[\\/]/, sideEffects: false }],
      },
      output: {
        chunkFileNames: chunkFileName,
        // Names carry a content hash (Vite's default `assets/[name]-[hash].js`), so the server lets
        // browsers keep them for a year. Vendor code sits in chunks of its own, which an app change
        // leaves byte for byte the same; what the shell needs on every page is split from what only
        // some pages need (React.lazy per route, admin/src/config/resources.tsx).
        codeSplitting: {
          groups: [
            // First: a group also takes in the dependencies of what it captures, and react-chartjs-2's
            // would otherwise pull React itself into the charts chunk (and that onto every page).
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/, priority: 7 },
            // Only the import pages read and write workbooks (a dynamic import in lib/excel.ts).
            { name: "exceljs", test: /node_modules[\\/]exceljs[\\/]/, priority: 6 },
            // Only the dashboard draws charts.
            { name: "charts", test: /node_modules[\\/](chart\.js|react-chartjs-2|@kurkle)[\\/]/, priority: 6 },
            // What the shell (router, Refine, layout, login page) loads on every first visit ($initial:
            // statically reachable from main.tsx), one chunk per library family.
            { name: "antd-icons", test: /node_modules[\\/]@ant-design[\\/]icons/, tags: ["$initial"], priority: 4 },
            { name: "antd", test: ANTD, tags: ["$initial"], priority: 3 },
            { name: "refine", test: REFINE, tags: ["$initial"], priority: 3 },
            { name: "vendor", test: /node_modules[\\/]/, tags: ["$initial"], priority: 2 },
            // Library code that only lazy pages use (antd's Table, DatePicker, Upload…): vendor chunks
            // grouped by the set of pages using them, so a page fetches no component it does not show.
            {
              name: "vendor-pages",
              test: /node_modules[\\/]/,
              entriesAware: true,
              entriesAwareMergeThreshold: 8 * 1024,
              priority: 1,
            },
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
