// The example app through openapi-fetch, typed by openapi-typescript:
//   npx openapi-typescript specs/example_app.yaml -o api.d.ts
//   contractkit codes specs/example_app.yaml --format typescript > statusCodes.ts
import createClient from "openapi-fetch";
import type { paths } from "./api.js";
import { CUSTOM_STATUSES, TIER_LIMIT_EXCEEDED } from "./statusCodes.js";

type SearchResponses = paths["/search"]["get"]["responses"];
type TierLimit = SearchResponses[460]["content"]["application/json"];

export async function search(baseUrl: string, q: string): Promise<string> {
  const client = createClient<paths>({ baseUrl });
  const { data, error, response } = await client.GET("/search", { params: { query: { q } } });
  if (data !== undefined) {
    return `${data.matches.length} match(es)`;
  }
  // 460 is no 2xx, so openapi-fetch parses its body into `error`, typed by the
  // document's 429 entry (the same body: 460's fallback) and by 460's own entry.
  if (response.status === TIER_LIMIT_EXCEEDED) {
    const limited = error as TierLimit;
    return `limited (${response.status} ${CUSTOM_STATUSES[response.status].phrase}): ${limited.detail}`;
  }
  const standard = CUSTOM_STATUSES[response.status]?.fallback ?? response.status;
  return `failed with ${standard}`;
}
