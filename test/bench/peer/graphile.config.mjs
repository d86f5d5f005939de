// PostGraphile v5 over Gongguan's demo database, as the database superuser: no row-level
// security and no authentication, as issue 9 measured it. PGL_DATABASE_URL points it at the
// database (default: the embedded PostgreSQL of `EMBEDDED_PG_PORT=5911`); PGL_PORT is its port.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { jsonPgSmartTags } from "postgraphile/utils";

// member.destination_region_code has no FOREIGN KEY to region(code) in Gongguan's schema, so
// PostGraphile would not expose the relation; a smart tag declares it (no change to the database).
const DestinationRegionFk = jsonPgSmartTags({
  version: 1,
  config: {
    class: {
      member: {
        tags: { foreignKey: "(destination_region_code) references region (code)" },
      },
    },
  },
});

/** @type {GraphileConfig.Preset} */
export default {
  extends: [PostGraphileAmberPreset],
  plugins: [DestinationRegionFk],
  pgServices: [
    makePgService({
      connectionString: process.env.PGL_DATABASE_URL ?? "postgres://postgres:postgres@127.0.0.1:5911/gongguan",
      schemas: ["public"],
    }),
  ],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PGL_PORT ?? 5678),
    graphiql: false,
    watch: false,
  },
  grafast: {
    explain: process.env.PGL_EXPLAIN === "1",
  },
};
