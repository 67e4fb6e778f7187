// json-logic-js and certlogic-js on the same rules and data as bench/rules_bench.cpp (evaluations per
// second, and the results so the two sides can be checked to agree). Usage: node bench/rules_bench.mjs [seconds]
import { readFile } from 'node:fs/promises';
import jsonLogic from 'json-logic-js';
import { evaluate as certlogicEvaluate } from 'certlogic-js';

import { best as bestOf } from './rate.mjs';

const seconds = Number(process.argv[2] ?? 1);
const bench = JSON.parse(await readFile(new URL('./rules-data.json', import.meta.url), 'utf8'));
const defaults = JSON.parse(await readFile(new URL('../engine/core/rules/default.json', import.meta.url), 'utf8'));
const logics = defaults.rules.map((r) => r.logic);

const best = (fn) => bestOf(fn, seconds, 1000);

let sink = 0;
const out = {
  json_logic_js_rule_evaluations_per_s:
    best(() => {
      for (const logic of logics) sink += jsonLogic.truthy(jsonLogic.apply(logic, bench.jsonlogic)) ? 1 : 0;
    }) * logics.length,
  certlogic_js_evaluations_per_s: best(() => {
    sink += certlogicEvaluate(bench.certlogic.expression, bench.certlogic.data) === true ? 1 : 0;
  }),
  results: logics.map((logic) => jsonLogic.apply(logic, bench.jsonlogic)),
  certlogic_result: certlogicEvaluate(bench.certlogic.expression, bench.certlogic.data),
};
if (sink === 0) throw new Error('nothing evaluated');
console.log(JSON.stringify(out));
