/**
 * Robustness: for EVERY action of EVERY function, inputs generated from the action's own input schema — mostly
 * valid, pointing at real documents of a busy world (buildWorld) — and then broken: a field dropped, a value of
 * the wrong type, huge strings, unicode (emoji, RTL, NUL, lone surrogates), operator-looking values and keys
 * (`{"$gt": ""}`, `$where`, own `__proto__`), arrays for objects, deep nesting, NaN/Infinity/-0/1e308 (sent as JS
 * values through `backend.send`, as JSON could not). Sent as every kind of caller, registered or not.
 *
 * Every answer must be `{ ok: true, data }` or `{ ok: false, error: { code, message } }` with a known code that is
 * not INTERNAL; a refused request must leave the store exactly as it was (no partial write).
 */
import fc from 'fast-check';
import { assertAccess, type Access } from '../../cloudfunctions/lib/access';
import { loadCaller } from '../../cloudfunctions/lib/caller';
import { COLLECTION_SPECS, getDb } from '../../cloudfunctions/lib/db';
import { describeShape, isServed, type QueryShape } from '../../local-backend/db/index-coverage';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { startTestBackend, type TestBackend } from '../helpers/functions';
import { describePayload, fromSchema, mutate, mutation } from '../helpers/robustness/arbitraries';
import { malformed } from '../helpers/robustness/results';
import { at, buildWorld, idPools, PERSONAS } from '../helpers/robustness/world';

/**
 * Bugs this suite found, each reproduced by an `it.failing` below. The properties step around them (counted in
 * the stats as KNOWN:…) so that the suite stays green while the bug stays visible; delete an entry with its fix.
 */
const KNOWN_BUGS: Array<{ name: string; fn: string; action: string; matches: (payload: unknown) => boolean }> = [];
const knownBug = (fn: string, action: string, payload: unknown) =>
  KNOWN_BUGS.find((b) => b.fn === fn && b.action.split('|').includes(action) && b.matches(payload));

/** Per action; ~75 actions × this many calls (each with two store dumps) stays well under a minute. */
const RUNS = Number(process.env.ROBUSTNESS_RUNS) || 40;

const everyAction = FUNCTIONS.flatMap((fn) =>
  Object.entries(fn.actions).map(([action, entry]) => ({
    name: `${fn.name}.${action}`,
    fn: fn.name,
    action,
    input: entry.spec.input,
    access: entry.impl.access,
  })),
);

const openids: string[] = Object.values(PERSONAS);

/** The personas the action's access rule lets through (the scope check still applies). */
async function allowedOpenids(access: Access): Promise<string[]> {
  const allowed: string[] = [];
  for (const openid of openids) {
    try {
      assertAccess(access, (await loadCaller(getDb(), openid)).caller);
      allowed.push(openid);
    } catch {
      // refused
    }
  }
  return allowed;
}

/** How each action answered (ROBUSTNESS_STATS=1 prints it): a suite that only ever sees VALIDATION_FAILED tests little. */
const stats: Record<string, Record<string, number>> = {};
afterAll(() => {
  if (process.env.ROBUSTNESS_STATS) console.log(JSON.stringify(stats, null, 1));
});

let backend: TestBackend | undefined;
afterEach(() => {
  backend?.close();
  backend = undefined;
});

it('covers every action of every function', () => {
  expect(everyAction.length).toBeGreaterThan(60);
  for (const fn of FUNCTIONS) expect(everyAction.filter((a) => a.fn === fn.name).length).toBeGreaterThan(0);
});

describe.each(everyAction)('$name', ({ name, fn, action, input, access }) => {
  it('answers generated and mutated inputs with a result or a structured error, writing nothing when it refuses', async () => {
    const b = (backend = await startTestBackend());
    await buildWorld(b);
    const domain = { ...idPools(b), now: at(1.5) };
    // Callers the access rule lets through are drawn more often, so the input (not the caller) decides.
    const allowed = await allowedOpenids(access);
    const anyone = fc.constantFrom(...openids);
    const caller = allowed.length ? fc.oneof(anyone, { weight: 2, arbitrary: fc.constantFrom(...allowed) }) : anyone;
    const valid = fromSchema(input, domain);
    const payload = fc.oneof(
      { weight: 2, arbitrary: valid },
      {
        weight: 3,
        arbitrary: fc.tuple(valid, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([p, m]) => mutate(p, m)),
      },
    );
    await fc.assert(
      fc.asyncProperty(caller, payload, async (openid, p) => {
        const known = knownBug(fn, action, p);
        if (known) {
          (stats[name] ??= {})[`KNOWN: ${known.name}`] = (stats[name][`KNOWN: ${known.name}`] ?? 0) + 1;
          return;
        }
        const before = b.store.dump();
        const res = await b.send(openid, fn, { action, payload: p });
        const outcome = res.ok ? 'ok' : String(res.error?.code);
        (stats[name] ??= {})[outcome] = (stats[name][outcome] ?? 0) + 1;
        const problem = malformed(res);
        if (problem) throw new Error(`${fn}.${action} as ${openid}: ${problem}\npayload: ${describePayload(p)}`);
        if (!res.ok) {
          try {
            expect(b.store.dump()).toEqual(before);
          } catch (error) {
            throw new Error(
              `${fn}.${action} as ${openid} refused (${res.error.code}) but wrote\npayload: ${describePayload(p)}\n${String(error)}`,
            );
          }
        }
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 30_000);
});

describe('bugs this suite found, fixed', () => {
  it('people.listMembers answers a keyword with a NUL byte without an INTERNAL error', async () => {
    // Reachable from a real client: JSON carries "\u0000"; BSON regex patterns cannot contain NUL. The contract
    // now refuses control characters in the keyword.
    const b = (backend = await startTestBackend());
    const res = await b.call('demo-community-staff', 'people', 'listMembers', {
      communityId: 'cm-xiongguan',
      keyword: 'a\u0000b',
    });
    expect(malformed(res)).toBeNull();
  });

  it('orders.staffQueue and unitInbox with filter "closed" issue queries a declared index serves', () => {
    // Found as "orders where {communityId, status} order by updatedAt desc" (and the same with unitId); the
    // *_status_updated indexes now serve them.
    const indexes = COLLECTION_SPECS.orders.indexes;
    for (const scope of ['communityId', 'unitId']) {
      const shape: QueryShape = {
        collection: 'orders',
        equality: [scope, 'status'],
        range: [],
        sort: [['updatedAt', -1]],
      };
      expect(describeShape(shape)).toBe(`orders where {${scope}, status} order by updatedAt desc`);
      expect(isServed(shape, indexes)).toBe(true);
    }
  });
});
