// The `match` block: { "mode": "auth_if_matched" | "bypass_if_matched",
//                      "rules": [ { "path": "/productpage", "type": "exact" | "prefix" } ] }

import { JsonValue } from "../json/value";
import { PathRules, PathRule, MatchMode, RuleType, canonicalPath } from "../route/rules";

/** Parses `match`; problems are appended to `errors` with their field path. */
export function parseRules(match: JsonValue | null, errors: Array<string>): PathRules {
  let mode = MatchMode.BypassIfMatched;
  const rules = new Array<PathRule>();
  if (match === null || !match.isObject()) {
    errors.push("match: must be an object with mode and rules");
    return new PathRules(mode, rules);
  }
  const modeText = match.getString("mode");
  if (modeText == "auth_if_matched") mode = MatchMode.AuthIfMatched;
  else if (modeText == "bypass_if_matched") mode = MatchMode.BypassIfMatched;
  else errors.push("match.mode: must be auth_if_matched or bypass_if_matched");
  const keys = match.keys();
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] != "mode" && keys[i] != "rules") errors.push("match." + keys[i] + ": is not a known setting");
  }
  const list = match.getArray("rules");
  if (list === null) {
    if (match.has("rules")) errors.push("match.rules: must be a list");
    return new PathRules(mode, rules);
  }
  for (let i = 0; i < list.length; i++) {
    const field = "match.rules[" + i.toString() + "]";
    const item = list.at(i);
    if (item === null || !item.isObject()) { errors.push(field + ": must be an object with path and type"); continue; }
    const path = item.getString("path");
    const type = item.getString("type");
    let ok = true;
    if (path === null || !path.startsWith("/")) { errors.push(field + ".path: must be a path starting with /"); ok = false; }
    else if (canonicalPath(path) === null || path.includes("?")) {
      errors.push(field + ".path: must be a plain path (no query, \"..\", \"//\", \";\" or encoded slashes)");
      ok = false;
    }
    let ruleType = RuleType.Exact;
    if (type == "prefix") ruleType = RuleType.Prefix;
    else if (type != "exact") { errors.push(field + ".type: must be exact or prefix"); ok = false; }
    const itemKeys = item.keys();
    for (let k = 0; k < itemKeys.length; k++) {
      if (itemKeys[k] != "path" && itemKeys[k] != "type") errors.push(field + "." + itemKeys[k] + ": is not a known setting");
    }
    // Stored as the request path is compared: "/%61dmin" protects "/admin".
    const canonical: string | null = path === null ? null : canonicalPath(path);
    if (ok && canonical !== null) rules.push(new PathRule(canonical, ruleType));
  }
  return new PathRules(mode, rules);
}
